package com.example.mskqueue.consumer.deadletter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

import com.example.mskqueue.contract.JobValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadLetterRulesTests {

	private final DeadLetterRules rules = new DeadLetterRules(4);

	@Test
	void theReasonOfAnInvalidValueIsTheRuleItBrokeWhereverTheListenerWrappedIt() {
		Throwable invalid = catchThrowable(() -> JobValue.seconds("05".getBytes()));

		assertThat(DeadLetterRules.reasonOf(invalid)).isEqualTo("leading-zero");
		assertThat(DeadLetterRules.reasonOf(new ListenerExecutionFailedException("listener failed", invalid)))
			.isEqualTo("leading-zero");
		assertThat(DeadLetterRules.isInvalidValue(invalid)).isTrue();
	}

	@Test
	void anyOtherFailureIsAFailedJob() {
		assertThat(DeadLetterRules.reasonOf(new IllegalStateException("downstream unavailable")))
			.isEqualTo("job-failed");
		assertThat(DeadLetterRules.isInvalidValue(new IllegalStateException("x"))).isFalse();
	}

	@Test
	void groupModeRetriesTriesMinusOneTimesWithTheSameBackOffAsQueueMode() {
		BackOffExecution execution = this.rules.groupModeBackOff().start();

		assertThat(execution.nextBackOff()).isEqualTo(this.rules.backOffAfter(1).toMillis()).isEqualTo(500);
		assertThat(execution.nextBackOff()).isEqualTo(this.rules.backOffAfter(2).toMillis()).isEqualTo(1000);
		assertThat(execution.nextBackOff()).isEqualTo(this.rules.backOffAfter(3).toMillis()).isEqualTo(2000);
		assertThat(execution.nextBackOff()).as("no fifth try").isEqualTo(BackOffExecution.STOP);
	}

	@Test
	void theBackOffDoublesToAtMostFiveSeconds() {
		assertThat(new DeadLetterRules(9).backOffAfter(8)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void queueModeDeadLettersTheDeliveryPastTheLastTry() {
		assertThat(this.rules.maxDeliveries()).isEqualTo(5);
		assertThat(this.rules.isLastTry(3)).isFalse();
		assertThat(this.rules.isLastTry(4)).isTrue();
	}

}
