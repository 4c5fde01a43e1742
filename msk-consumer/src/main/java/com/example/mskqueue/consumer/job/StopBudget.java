package com.example.mskqueue.consumer.job;

import java.time.Duration;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.contract.JobValue;

/**
 * The time limits of a consumer, all derived from the longest job
 * ({@link JobValue#MAX_SECONDS} units of {@code WORK_UNIT}), so that they stay consistent
 * when {@code WORK_UNIT} changes.
 *
 * <pre>
 * max.poll.interval.ms   = longest job + longest retry back-off + headroom   (1 s units: 45 s)
 * stop timeout           = longest job + settle and leave                    (1 s units: 15 s)
 * Spring shutdown phase  = spring.lifecycle.timeout-per-shutdown-phase, must cover the stop timeout (20 s)
 * ECS stopTimeout        = 30 s: the phase timeout plus the JVM's exit, before SIGKILL
 * </pre>
 *
 * @param properties the consumer's settings
 * @param longestBackOff the longest pause between two tries of a failing job
 */
public record StopBudget(ConsumerProperties properties, Duration longestBackOff) {

	/**
	 * Room for a dead-letter publication, a commit and the next poll after the longest
	 * job.
	 */
	public static final Duration POLL_HEADROOM = Duration.ofSeconds(30);

	/** Room to settle the last job and leave the group once it is done. */
	public static final Duration STOP_HEADROOM = Duration.ofSeconds(5);

	/**
	 * The shortest {@code max.poll.interval.ms} that no job, retried or not, can exceed.
	 */
	public Duration requiredPollInterval() {
		return this.properties.longestJob().plus(this.longestBackOff).plus(POLL_HEADROOM);
	}

	/** How long stopping may wait for the jobs in hand to finish and be settled. */
	public Duration stopTimeout() {
		return this.properties.longestJob().plus(STOP_HEADROOM);
	}

}
