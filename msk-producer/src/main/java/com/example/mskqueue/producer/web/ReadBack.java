package com.example.mskqueue.producer.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits a little for a task's view of a topic to show what was just written to it (by
 * this task or another behind the ALB): the pages read their views, which read the topics
 * a moment after the write, and longer on a loaded task.
 */
public final class ReadBack {

	private static final Duration LOOK_EVERY = Duration.ofMillis(100);

	private ReadBack() {
	}

	/**
	 * What {@code read} finds, looking again every 100 ms until it finds something or
	 * {@code limit} has passed; empty if it never did (or the thread was interrupted).
	 */
	public static <T> Optional<T> within(Duration limit, Supplier<Optional<T>> read) {
		Instant giveUpAt = Instant.now().plus(limit);
		Optional<T> found = read.get();
		while (found.isEmpty() && Instant.now().isBefore(giveUpAt)) {
			try {
				Thread.sleep(LOOK_EVERY.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return found;
			}
			found = read.get();
		}
		return found;
	}

}
