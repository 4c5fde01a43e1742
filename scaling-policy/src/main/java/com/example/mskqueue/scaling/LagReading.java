package com.example.mskqueue.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * One reading of the work topic's backlog, as the lag monitor takes it.
 *
 * @param at when it was taken
 * @param lag jobs not yet done
 * @param partitionsWithLag partitions that still hold work
 * @param meanJobTime the mean job time measured from the consumers' completions, or
 * {@code null} while none has been measured (after a quiet hour, or on a new topic)
 */
public record LagReading(Instant at, long lag, int partitionsWithLag, Duration meanJobTime) {

	public LagReading {
		if (lag < 0 || partitionsWithLag < 0) {
			throw new IllegalArgumentException("need lag >= 0 and partitionsWithLag >= 0");
		}
	}

}
