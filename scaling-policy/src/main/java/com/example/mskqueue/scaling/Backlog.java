package com.example.mskqueue.scaling;

import java.time.Duration;

/**
 * What a scaling decision looks at.
 *
 * @param lag jobs not yet done (SumOffsetLag)
 * @param meanJobTime the mean time of one job
 * @param partitionsWithLag partitions that still hold work
 * @param drainedFor how long the lag has been at or below the threshold (zero while it is
 * above)
 */
public record Backlog(long lag, Duration meanJobTime, int partitionsWithLag, Duration drainedFor) {
}
