package com.example.mskqueue.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Runs a {@link ScalingPolicy} on a stream of lag readings: what the producer's lag
 * monitor publishes for the consumer service to scale on, and what the drain benchmark's
 * loop obeys, so that the rule measured is the rule deployed.
 * <p>
 * Three things happen between a reading and the policy:
 * <ul>
 * <li><b>Smoothing.</b> The policy sees the reading with the median waiting work (lag x
 * job time) of the last {@code smoothing}, the lower one of an even count: a single
 * reading, however high, never scales out on its own, and one low reading in a backlog
 * never scales in.</li>
 * <li><b>Never zero while jobs wait.</b> When the newest reading has lag, at least one
 * worker is asked for at once, smoothing or not: scaling from zero waits for no
 * window.</li>
 * <li><b>A job time before one is measured.</b> Until the consumers have finished a job,
 * the backlog's work is reckoned at {@code assumedJobTime}.</li>
 * </ul>
 * Readings are expected in time order; a lag of 0 starts the drained time that the
 * policies scale in after.
 */
public final class Scaler {

	private final ScalingPolicy policy;

	private final Duration smoothing;

	private final Duration assumedJobTime;

	private final Deque<LagReading> window = new ArrayDeque<>();

	private Instant drainedSince;

	/**
	 * A policy run on readings.
	 * @param policy the rule
	 * @param smoothing how far back readings are smoothed over (zero: the newest alone)
	 * @param assumedJobTime the job time reckoned with until one is measured
	 */
	public Scaler(ScalingPolicy policy, Duration smoothing, Duration assumedJobTime) {
		if (smoothing.isNegative() || assumedJobTime.isZero() || assumedJobTime.isNegative()) {
			throw new IllegalArgumentException("need smoothing >= 0 and assumedJobTime > 0");
		}
		this.policy = policy;
		this.smoothing = smoothing;
		this.assumedJobTime = assumedJobTime;
	}

	public ScalingPolicy policy() {
		return this.policy;
	}

	/** The workers to run after this reading, given the workers running now. */
	public synchronized int desiredWorkers(LagReading reading, int current) {
		this.window.addLast(reading);
		while (this.window.peekFirst() != reading
				&& !this.window.peekFirst().at().isAfter(reading.at().minus(this.smoothing))) {
			this.window.removeFirst();
		}
		if (reading.lag() > 0) {
			this.drainedSince = null;
		}
		else if (this.drainedSince == null) {
			this.drainedSince = reading.at();
		}
		Duration drainedFor = (this.drainedSince != null) ? Duration.between(this.drainedSince, reading.at())
				: Duration.ZERO;
		LagReading smoothed = median();
		int desired = this.policy.desiredWorkers(
				new Backlog(smoothed.lag(), jobTime(smoothed), smoothed.partitionsWithLag(), drainedFor), current);
		return (reading.lag() > 0) ? Math.max(desired, Math.min(1, this.policy.maxWorkers())) : desired;
	}

	/** The job time a reading's work is reckoned at. */
	public Duration jobTime(LagReading reading) {
		return (reading.meanJobTime() != null && !reading.meanJobTime().isZero() && !reading.meanJobTime().isNegative())
				? reading.meanJobTime() : this.assumedJobTime;
	}

	private LagReading median() {
		List<LagReading> byWork = new ArrayList<>(this.window);
		byWork.sort(Comparator.comparingDouble((candidate) -> candidate.lag() * (double) jobTime(candidate).toNanos()));
		return byWork.get((byWork.size() - 1) / 2);
	}

}
