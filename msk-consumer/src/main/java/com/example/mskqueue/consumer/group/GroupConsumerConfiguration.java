package com.example.mskqueue.consumer.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * Group-membership settings that Boot's {@code spring.kafka.*} properties cannot derive: the
 * group protocol, {@code max.poll.interval.ms} from the longest job, and how long a stop waits
 * for the job in hand.
 */
@Configuration(proxyBeanMethods = false)
class GroupConsumerConfiguration {

	@Bean
	ConsumerBudget consumerBudget(ConsumerProperties properties) {
		return new ConsumerBudget(properties);
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer groupMembershipSettings(ConsumerProperties properties,
			ConsumerBudget budget) {
		return (factory) -> {
			Map<String, Object> updates = new HashMap<>();
			if (properties.groupProtocol() == ConsumerProperties.GroupProtocol.CONSUMER) {
				updates.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase());
			}
			else {
				updates.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase());
				// Only the partitions that move stop; the others keep working through a rebalance.
				updates.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
			}
			Object configured = factory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
			Duration required = budget.requiredPollInterval();
			if (configured == null) {
				updates.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) required.toMillis());
			}
			else if (Long.parseLong(configured.toString()) < required.toMillis()) {
				throw new IllegalStateException(("max.poll.interval.ms is %s ms, but the longest job (%d x %s) "
						+ "with its retry back-off needs at least %d ms: a poll interval that expires mid-job makes the "
						+ "group take the job away and run it again elsewhere. Raise MAX_POLL_INTERVAL_MS, or leave it "
						+ "unset to derive it, or lower WORK_UNIT / jobs.max-job-seconds")
					.formatted(configured, properties.maxJobSeconds(), properties.workUnit(), required.toMillis()));
			}
			factory.updateConfigs(updates);
		};
	}

	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> stopAfterTheJobInHand(
			ConsumerBudget budget) {
		// On SIGTERM the container stops polling, lets the job in hand finish and commit, then
		// leaves the group; stop() waits that long before the context moves on.
		return (container) -> container.getContainerProperties().setShutdownTimeout(budget.stopTimeout().toMillis());
	}

}
