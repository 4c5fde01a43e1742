package com.example.mskqueue.consumer.group;

import java.time.Duration;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * The time limits of a consumer-group member, all derived from the longest job it accepts, so
 * that they stay consistent when {@code WORK_UNIT} or {@code jobs.max-job-seconds} change.
 *
 * <pre>
 * max.poll.interval.ms   = longest job + longest retry back-off + headroom   (10 s jobs: 45 s)
 * container stop timeout = longest job + commit and leave                    (10 s jobs: 15 s)
 * Spring shutdown phase  = spring.lifecycle.timeout-per-shutdown-phase, must cover the stop timeout (20 s)
 * ECS stopTimeout        = recommended 30 s: the phase timeout plus the JVM's exit, before SIGKILL
 * </pre>
 *
 * @param properties the consumer's settings
 */
public record ConsumerBudget(ConsumerProperties properties) {

	/** The longest pause between two attempts at a failing job (see DeadLetterConfiguration). */
	public static final Duration MAX_RETRY_BACK_OFF = Duration.ofSeconds(5);

	/** Room for a dead-letter publication, a commit and the next poll after the longest job. */
	public static final Duration POLL_HEADROOM = Duration.ofSeconds(30);

	/** Room to commit the last job and leave the group once it is done. */
	public static final Duration STOP_HEADROOM = Duration.ofSeconds(5);

	/** The shortest {@code max.poll.interval.ms} that no job, retried or not, can exceed. */
	public Duration requiredPollInterval() {
		return this.properties.longestJob().plus(MAX_RETRY_BACK_OFF).plus(POLL_HEADROOM);
	}

	/** How long stopping may wait for the job in hand to finish and be committed. */
	public Duration stopTimeout() {
		return this.properties.longestJob().plus(STOP_HEADROOM);
	}

}
