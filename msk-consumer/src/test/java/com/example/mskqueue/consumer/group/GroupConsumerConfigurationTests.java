package com.example.mskqueue.consumer.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.ConsumerProperties.GroupProtocol;
import com.example.mskqueue.consumer.deadletter.DeadLetterRules;
import com.example.mskqueue.consumer.job.StopBudget;
import com.example.mskqueue.contract.ConsumerMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GroupConsumerConfigurationTests {

	private final GroupConsumerConfiguration configuration = new GroupConsumerConfiguration();

	@Test
	void derivesMaxPollIntervalFromTheLongestJobAndItsRetryBackOff() {
		Map<String, Object> config = customize(properties(Duration.ofSeconds(1), GroupProtocol.CONSUMER), Map.of());

		assertThat(config).containsEntry("max.poll.interval.ms", 45_000).containsEntry("group.protocol", "consumer");
		assertThat(config).doesNotContainKey("partition.assignment.strategy");
	}

	@Test
	void classicProtocolUsesTheCooperativeStickyAssignor() {
		Map<String, Object> config = customize(properties(Duration.ofSeconds(1), GroupProtocol.CLASSIC_COOPERATIVE),
				Map.of());

		assertThat(config).containsEntry("group.protocol", "classic")
			.containsEntry("partition.assignment.strategy",
					"org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
	}

	@Test
	void keepsALongerExplicitPollInterval() {
		Map<String, Object> config = customize(properties(Duration.ofSeconds(1), GroupProtocol.CONSUMER),
				Map.of("max.poll.interval.ms", "600000"));

		assertThat(config).containsEntry("max.poll.interval.ms", "600000");
	}

	@Test
	void refusesToStartWhenAnExplicitPollIntervalCouldExpireMidJob() {
		assertThatIllegalStateException()
			.isThrownBy(() -> customize(properties(Duration.ofSeconds(30), GroupProtocol.CONSUMER),
					Map.of("max.poll.interval.ms", "300000")))
			.withMessageContaining("max.poll.interval.ms is 300000 ms, but the longest job (PT5M)")
			.withMessageContaining("needs at least 335000 ms");
	}

	@Test
	void stopWaitsForTheLongestJobPlusTimeToCommitAndLeave() {
		assertThat(new StopBudget(properties(Duration.ofSeconds(1), GroupProtocol.CONSUMER),
				DeadLetterRules.LONGEST_BACK_OFF)
			.stopTimeout()).isEqualTo(Duration.ofSeconds(15));
	}

	private Map<String, Object> customize(ConsumerProperties properties, Map<String, Object> configured) {
		DefaultKafkaConsumerFactory<Object, Object> factory = new DefaultKafkaConsumerFactory<>(
				new HashMap<>(configured));
		this.configuration.groupMembershipSettings(properties).customize(factory);
		return factory.getConfigurationProperties();
	}

	private static ConsumerProperties properties(Duration workUnit, GroupProtocol protocol) {
		return new ConsumerProperties(ConsumerMode.GROUP, "jobs", "jobs-group", 1, workUnit, 1, protocol, "jobs-queue",
				null);
	}

}
