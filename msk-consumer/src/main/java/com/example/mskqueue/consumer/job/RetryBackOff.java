package com.example.mskqueue.consumer.job;

import java.time.Duration;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How long a failed job waits before its next try, in both modes: 0.5 s, doubling, at
 * most 5 s between tries, so that a failing dependency is not hammered.
 */
public final class RetryBackOff {

	/** The first pause. */
	public static final Duration INITIAL_INTERVAL = Duration.ofMillis(500);

	/** The longest pause between two tries. */
	public static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

	/** Group mode: how long a job is retried in place before it is dead-lettered. */
	public static final Duration GROUP_MODE_RETRY_TIME = Duration.ofSeconds(15);

	private static final double MULTIPLIER = 2.0;

	private RetryBackOff() {
	}

	/** Group mode's back-off for the container's error handler. */
	public static ExponentialBackOff forGroupMode() {
		ExponentialBackOff backOff = new ExponentialBackOff(INITIAL_INTERVAL.toMillis(), MULTIPLIER);
		backOff.setMaxInterval(MAX_INTERVAL.toMillis());
		backOff.setMaxElapsedTime(GROUP_MODE_RETRY_TIME.toMillis());
		return backOff;
	}

	/**
	 * Queue mode: how long a job that failed on delivery {@code delivery} is held before
	 * its release.
	 */
	public static Duration afterDelivery(int delivery) {
		long millis = (long) (INITIAL_INTERVAL.toMillis() * Math.pow(MULTIPLIER, Math.max(delivery - 1, 0)));
		return Duration.ofMillis(Math.min(millis, MAX_INTERVAL.toMillis()));
	}

}
