package com.example.mskqueue.consumer.work;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import com.example.mskqueue.consumer.ConsumerProperties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PollIntervalCheckTests {

	@Test
	void acceptsAPollIntervalLongerThanTheLongestJobWithHeadroom() {
		assertThatCode(() -> check(Duration.ofSeconds(1), 10, "40000")).doesNotThrowAnyException();
	}

	@Test
	void acceptsKafkasDefaultPollIntervalForTenSecondJobs() {
		assertThatCode(() -> check(Duration.ofSeconds(1), 10, null)).doesNotThrowAnyException();
	}

	@Test
	void refusesToStartWhenTheLongestJobCouldOutlastThePollInterval() {
		assertThatIllegalStateException().isThrownBy(() -> check(Duration.ofSeconds(30), 10, "300000"))
			.withMessageContaining("max.poll.interval.ms is 300000 ms, but the longest job (10 x PT30S) takes 300000 ms")
			.withMessageContaining("at least 330000 ms");
	}

	private static void check(Duration workUnit, int maxSeconds, String maxPollIntervalMs) {
		KafkaProperties kafka = new KafkaProperties();
		if (maxPollIntervalMs != null) {
			kafka.getConsumer().getProperties().put("max.poll.interval.ms", maxPollIntervalMs);
		}
		new PollIntervalCheck(new ConsumerProperties("jobs", 1, workUnit, maxSeconds), kafka).afterPropertiesSet();
	}

}
