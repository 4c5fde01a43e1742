package com.example.mskqueue.consumer.job;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;

import com.example.mskqueue.contract.JobValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadLettersTests {

	@Test
	void theReasonOfAnInvalidValueIsTheRuleItBrokeWhereverTheListenerWrappedIt() {
		Throwable invalid = catchThrowable(() -> JobValue.seconds("05".getBytes()));

		assertThat(DeadLetters.reasonOf(invalid)).isEqualTo("leading-zero");
		assertThat(DeadLetters.reasonOf(new ListenerExecutionFailedException("listener failed", invalid)))
			.isEqualTo("leading-zero");
	}

	@Test
	void anyOtherFailureIsAFailedJob() {
		assertThat(DeadLetters.reasonOf(new IllegalStateException("downstream unavailable"))).isEqualTo("job-failed");
	}

}
