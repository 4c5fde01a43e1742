package com.example.mskqueue.consumer.deadletter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.consumer.deadletter.QueueSettlement.Action;
import com.example.mskqueue.consumer.deadletter.QueueSettlement.Decision;
import com.example.mskqueue.consumer.job.JobInterruptedException;
import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.contract.JobValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every outcome of queue mode's settlement decision, without a broker: what arrives, what
 * runs, what ends, and a dead letter that cannot be written.
 */
class QueueSettlementTests {

	private final QueueSettlement settlement = new QueueSettlement(new DeadLetterRules(4));

	@Test
	void aRecordArrivingIsStartedOnEveryDeliveryUpToTheLastTry() {
		for (int delivery = 1; delivery <= 4; delivery++) {
			assertThat(this.settlement.onArrival(delivery, false, false).action()).isEqualTo(Action.START);
		}
	}

	@Test
	void theDeliveryPastTheLastTryIsDeadLetteredUntriedBeforeTheBrokerArchivesIt() {
		assertThat(this.settlement.onArrival(5, false, false))
			.isEqualTo(new Decision(Action.DEAD_LETTER, "delivery-limit", Duration.ZERO));
	}

	@Test
	void whileStoppingARecordThatArrivesIsReleasedEvenOnItsLastDelivery() {
		assertThat(this.settlement.onArrival(1, true, false).action()).isEqualTo(Action.RELEASE);
		assertThat(this.settlement.onArrival(5, true, false).action()).isEqualTo(Action.RELEASE);
	}

	@Test
	void aRecordThatWaitedHalfALockInTheClientHasItsLockConfirmedBeforeAnythingElse() {
		assertThat(this.settlement.onArrival(1, false, true).action()).isEqualTo(Action.CONFIRM);
		assertThat(this.settlement.onArrival(5, false, true).action())
			.as("not dead-lettered on a delivery that may have ended")
			.isEqualTo(Action.CONFIRM);
	}

	@Test
	void whileStoppingARecordThatWaitedHalfALockIsReleasedWithoutConfirmingItsLock() {
		assertThat(this.settlement.onArrival(1, true, true).action()).isEqualTo(Action.RELEASE);
	}

	@Test
	void aJobStillRunningHasItsLockRenewed() {
		assertThat(this.settlement.whileRunning().action()).isEqualTo(Action.RENEW);
	}

	@Test
	void aDoneOrCancelledJobIsAccepted() {
		assertThat(this.settlement.onWorkEnded(null, 1).action()).isEqualTo(Action.ACCEPT);
		assertThat(this.settlement.onWorkEnded(null, 4).action()).isEqualTo(Action.ACCEPT);
	}

	@Test
	void anInvalidValueIsDeadLetteredWithTheRuleItBrokeOnItsFirstDelivery() {
		Throwable invalid = catchThrowable(() -> JobValue.seconds("x".getBytes()));

		assertThat(this.settlement.onWorkEnded(invalid, 1))
			.isEqualTo(new Decision(Action.DEAD_LETTER, "not-a-number", Duration.ZERO));
	}

	@Test
	void aFailedTryIsReleasedAfterABackOffThatGrowsWithTheTry() {
		IllegalStateException failure = new IllegalStateException("downstream unavailable");

		assertThat(this.settlement.onWorkEnded(failure, 1))
			.isEqualTo(new Decision(Action.RETRY, null, Duration.ofMillis(500)));
		assertThat(this.settlement.onWorkEnded(failure, 3))
			.isEqualTo(new Decision(Action.RETRY, null, Duration.ofSeconds(2)));
	}

	@Test
	void aFailureOnTheLastTryIsDeadLetteredAsAFailedJob() {
		assertThat(this.settlement.onWorkEnded(new IllegalStateException("still down"), 4))
			.isEqualTo(new Decision(Action.DEAD_LETTER, "job-failed", Duration.ZERO));
	}

	@Test
	void aJobInterruptedByAStopIsReleasedForAnotherMemberWithoutABackOff() {
		Throwable stopped = interrupted();

		assertThat(this.settlement.onWorkEnded(stopped, 2).action()).isEqualTo(Action.RELEASE);
		assertThat(this.settlement.onWorkEnded(stopped, 4).action()).as("not a failed try").isEqualTo(Action.RELEASE);
	}

	@Test
	void aDeadLetterThatCannotBeWrittenKeepsTheRecordUnlessStopping() {
		assertThat(this.settlement.onDeadLetterFailed(false).action()).isEqualTo(Action.KEEP);
		assertThat(this.settlement.onDeadLetterFailed(true).action()).isEqualTo(Action.RELEASE);
	}

	@Test
	void oneTryMeansTheFirstFailureIsDeadLettered() {
		QueueSettlement once = new QueueSettlement(new DeadLetterRules(1));

		assertThat(once.onWorkEnded(new IllegalStateException("x"), 1).action()).isEqualTo(Action.DEAD_LETTER);
		assertThat(once.onArrival(2, false, false).action()).isEqualTo(Action.DEAD_LETTER);
	}

	/** What a job's runner throws when a stop interrupts its work. */
	private static Throwable interrupted() {
		return new JobInterruptedException(new JobRecord("jobs", 0, 0, "k", "1".getBytes(), null, null, 1),
				new InterruptedException());
	}

}
