package com.example.mskqueue.consumer.deadletter;

import java.time.Duration;

import com.example.mskqueue.consumer.job.JobInterruptedException;
import com.example.mskqueue.contract.DeadLetterReasons;
import com.example.mskqueue.contract.InvalidValueException;

/**
 * How queue mode settles a delivered record, decided apart from the share consumer that
 * carries it out: each method takes what the listener knows and answers one
 * {@link Decision}.
 * <ul>
 * <li>A record arrives: release it while stopping (no new job); if it waited half a lock
 * or more in the client's buffer, renew its lock first and decide again when it comes
 * back (its delivery may have ended, and the broker given it to another member);
 * dead-letter it untried on the delivery past the last try (its earlier consumers died
 * mid-job, and the broker would archive it silently after this delivery); else start
 * it.</li>
 * <li>Its work is still running at half the lock: renew the lock.</li>
 * <li>Its work ended: accept it when done (or cancelled); dead-letter an invalid value;
 * release a job interrupted by a stop for another member; dead-letter a failure on the
 * last try; else release it after a back-off for another try.</li>
 * <li>Its dead letter could not be written: release it while stopping, else keep it
 * (renew its lock) and dead-letter it when it comes back, since a release would use up a
 * delivery.</li>
 * </ul>
 */
public final class QueueSettlement {

	private final DeadLetterRules rules;

	public QueueSettlement(DeadLetterRules rules) {
		this.rules = rules;
	}

	/** How many tries a job gets. */
	public int tries() {
		return this.rules.tries();
	}

	/**
	 * A record arrives on its {@code delivery}th delivery.
	 * @param waitedHalfALock whether its lock may have started half a lock ago or more
	 * (the share consumer fetched it while the job before it ran)
	 */
	public Decision onArrival(int delivery, boolean stopping, boolean waitedHalfALock) {
		if (stopping) {
			return Decision.of(Action.RELEASE);
		}
		if (waitedHalfALock) {
			return Decision.of(Action.CONFIRM);
		}
		if (delivery >= this.rules.maxDeliveries()) {
			return new Decision(Action.DEAD_LETTER, DeadLetterReasons.DELIVERY_LIMIT, Duration.ZERO);
		}
		return Decision.of(Action.START);
	}

	/** The work is still running when half the record's lock has passed. */
	public Decision whileRunning() {
		return Decision.of(Action.RENEW);
	}

	/**
	 * The work ended.
	 * @param failure why it failed, or {@code null} when it is done (or cancelled)
	 * @param delivery the record's delivery count: the try that just ended
	 */
	public Decision onWorkEnded(Throwable failure, int delivery) {
		if (failure == null) {
			return Decision.of(Action.ACCEPT);
		}
		if (failure instanceof InvalidValueException invalid) {
			return new Decision(Action.DEAD_LETTER, invalid.rule().code(), Duration.ZERO);
		}
		if (failure instanceof JobInterruptedException) {
			return Decision.of(Action.RELEASE);
		}
		if (this.rules.isLastTry(delivery)) {
			return new Decision(Action.DEAD_LETTER, DeadLetterReasons.FAILED, Duration.ZERO);
		}
		return new Decision(Action.RETRY, null, this.rules.backOffAfter(delivery));
	}

	/** The dead letter could not be written. */
	public Decision onDeadLetterFailed(boolean stopping) {
		return Decision.of(stopping ? Action.RELEASE : Action.KEEP);
	}

	/** What the listener does with the record. */
	public enum Action {

		/** Start the job's work. */
		START,

		/**
		 * Renew the lock before anything else: if the broker refuses, the delivery has
		 * ended and the job is not started here; if it renews, the record comes back.
		 */
		CONFIRM,

		/** Renew the record's lock: the work goes on. */
		RENEW,

		/** Accept the record: the job is done (or cancelled). */
		ACCEPT,

		/** Release the record at once, for any member. */
		RELEASE,

		/** Release the record after the back-off, for another try by any member. */
		RETRY,

		/** Write the dead letter, then reject the record. */
		DEAD_LETTER,

		/** Keep the record (renew its lock) and dead-letter it when it comes back. */
		KEEP

	}

	/**
	 * A decision.
	 *
	 * @param action what to do
	 * @param reason the dead letter's reason ({@link Action#DEAD_LETTER}), else
	 * {@code null}
	 * @param backOff how long to wait before a {@link Action#RETRY}'s release
	 */
	public record Decision(Action action, String reason, Duration backOff) {

		static Decision of(Action action) {
			return new Decision(action, null, Duration.ZERO);
		}

	}

}
