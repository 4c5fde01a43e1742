package com.example.mskqueue.consumer.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.deadletter.DeadLetterRules;
import com.example.mskqueue.consumer.deadletter.GroupErrorHandling;
import com.example.mskqueue.consumer.job.JobRunner;
import com.example.mskqueue.consumer.job.StopBudget;

/**
 * Group mode ({@code CONSUMER_MODE=group}, the default): a consumer group wired by Boot
 * from {@code spring.kafka.*}, plus what those properties cannot derive: the group
 * protocol, {@code max.poll.interval.ms} from the longest job, {@code WORKERS} consumers
 * per task, and how long a stop waits for the jobs in hand.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.mode", havingValue = "group", matchIfMissing = true)
@Import({ GroupErrorHandling.class, ContinueFromQueueMode.class, CommitPastTransactionMarkers.class })
class GroupConsumerConfiguration {

	/** The listener container's id: its threads are {@code jobs-<worker>-C-1}. */
	static final String CONTAINER = "jobs";

	@Bean
	GroupJobListener groupJobListener(JobRunner runner, ConsumerProperties properties) {
		return new GroupJobListener(runner, properties.longestJob());
	}

	/**
	 * The container of the work topic, from Boot's listener container factory (its ack
	 * mode, error handler and the customizer below).
	 */
	@Bean(CONTAINER)
	ConcurrentMessageListenerContainer<Object, Object> jobsContainer(
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory, GroupJobListener listener,
			ConsumerProperties properties) {
		ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(properties.topic());
		container.getContainerProperties().setMessageListener(listener);
		// Holds a revoked partition until its job in hand is committed.
		container.getContainerProperties().setConsumerRebalanceListener(listener);
		return container;
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer groupMembershipSettings(ConsumerProperties properties) {
		StopBudget budget = new StopBudget(properties, DeadLetterRules.LONGEST_BACK_OFF);
		return (factory) -> {
			Map<String, Object> updates = new HashMap<>();
			if (properties.groupProtocol() == ConsumerProperties.GroupProtocol.CONSUMER) {
				updates.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase());
			}
			else {
				updates.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase());
				// Only the partitions that move stop; the others keep working through a
				// rebalance.
				updates.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
						CooperativeStickyAssignor.class.getName());
			}
			Object configured = factory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
			Duration required = budget.requiredPollInterval();
			if (configured == null) {
				updates.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) required.toMillis());
			}
			else if (Long.parseLong(configured.toString()) < required.toMillis()) {
				throw new IllegalStateException(("max.poll.interval.ms is %s ms, but the longest job (%s) with its "
						+ "retry back-off needs at least %d ms: a poll interval that expires mid-job makes the group "
						+ "take the job away and run it again elsewhere. Raise MAX_POLL_INTERVAL_MS, or leave it "
						+ "unset to derive it, or lower WORK_UNIT")
					.formatted(configured, properties.longestJob(), required.toMillis()));
			}
			factory.updateConfigs(updates);
		};
	}

	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> workersAndStop(
			ConsumerProperties properties) {
		StopBudget budget = new StopBudget(properties, DeadLetterRules.LONGEST_BACK_OFF);
		return (container) -> {
			// WORKERS consumers of the group in this task: each holds its own partitions
			// and does one job at a time, so no two ever work on the same partition.
			container.setConcurrency(properties.workers());
			// Which try a record is on, for its lifecycle's started and retrying steps.
			container.getContainerProperties().setDeliveryAttemptHeader(true);
			// Idle events let a drained partition's offset move past a redrive's
			// transaction marker (CommitPastTransactionMarkers).
			container.getContainerProperties().setIdleEventInterval(1000L);
			// On SIGTERM the container stops polling, lets the jobs in hand finish and
			// commit, then leaves the group; stop() waits that long before the context
			// moves on.
			container.getContainerProperties().setShutdownTimeout(budget.stopTimeout().toMillis());
		};
	}

}
