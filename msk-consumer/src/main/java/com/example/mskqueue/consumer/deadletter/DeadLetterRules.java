package com.example.mskqueue.consumer.deadletter;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.validation.annotation.Validated;

import com.example.mskqueue.contract.DeadLetterReasons;
import com.example.mskqueue.contract.InvalidValueException;

/**
 * When a job becomes a dead letter, the same in both modes: a job whose value breaks the
 * job contract at once (never tried); a job that fails on each of its {@code tries} tries
 * after its last one, with a back-off between tries (0.5 s, doubling, at most 5 s). Queue
 * mode counts tries with the broker's delivery count: delivery {@code tries + 1} is
 * dead-lettered without being tried (its earlier consumers died mid-job), and must not
 * exceed the brokers' {@code group.share.delivery.count.limit}, after which they would
 * archive the record without a trace. Bound from {@code jobs.dead-letters.*}.
 *
 * @param tries how many times a job is tried before it is dead-lettered ({@code TRIES},
 * 4)
 */
@Validated
@ConfigurationProperties("jobs.dead-letters")
public record DeadLetterRules(@Min(1) @Max(9) int tries) {

	/** The first pause after a failed try. */
	public static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);

	/** The longest pause between two tries. */
	public static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(5);

	private static final double MULTIPLIER = 2.0;

	/** How long a job waits after its try number {@code failedTry} (1, 2, ...) failed. */
	public Duration backOffAfter(int failedTry) {
		long millis = (long) (FIRST_BACK_OFF.toMillis() * Math.pow(MULTIPLIER, Math.max(failedTry - 1, 0)));
		return Duration.ofMillis(Math.min(millis, LONGEST_BACK_OFF.toMillis()));
	}

	/** Whether try number {@code attempt} was the job's last. */
	public boolean isLastTry(int attempt) {
		return attempt >= this.tries;
	}

	/**
	 * The delivery a share group's record is dead-lettered on without a try: one past the
	 * last try.
	 */
	public int maxDeliveries() {
		return this.tries + 1;
	}

	/**
	 * Group mode's back-off for the container's error handler: {@code tries - 1} retries.
	 */
	public ExponentialBackOffWithMaxRetries groupModeBackOff() {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(this.tries - 1);
		backOff.setInitialInterval(FIRST_BACK_OFF.toMillis());
		backOff.setMultiplier(MULTIPLIER);
		backOff.setMaxInterval(LONGEST_BACK_OFF.toMillis());
		return backOff;
	}

	/**
	 * Why {@code failure} sends a job to the dead-letter topic: the code of the rule an
	 * invalid value broke, else {@value DeadLetterReasons#FAILED}.
	 */
	public static String reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidValueException invalid) {
				return invalid.rule().code();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return DeadLetterReasons.FAILED;
	}

	/** Whether {@code failure} is an invalid value's, which is never tried again. */
	public static boolean isInvalidValue(Throwable failure) {
		return !DeadLetterReasons.FAILED.equals(reasonOf(failure));
	}

}
