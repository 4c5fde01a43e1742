package com.example.mskqueue.consumer.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.ShareConsumerRecordRecoverer;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.deadletter.DeadLetterReport;
import com.example.mskqueue.consumer.deadletter.DeadLetterRules;
import com.example.mskqueue.consumer.deadletter.QueueDeadLetters;
import com.example.mskqueue.consumer.deadletter.QueueSettlement;
import com.example.mskqueue.consumer.job.JobRunner;
import com.example.mskqueue.consumer.job.StopBudget;
import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.consumer.topics.WorkTopicSetup;

/**
 * Queue mode ({@code CONSUMER_MODE=queue}): a share group instead of a consumer group.
 * Boot has no share-consumer auto-configuration yet, so the factory is built here, from
 * the same {@code spring.kafka.consumer.*} settings less those share consumers refuse.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobs.mode", havingValue = "queue")
class QueueConsumerConfiguration {

	/** Consumer-group settings a share consumer refuses or ignores. */
	static final List<String> GROUP_ONLY = List.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
			ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
			ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
			ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
			ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
			ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
			ConsumerConfig.GROUP_ID_CONFIG);

	@Bean
	ShareGroupSetup shareGroupSetup(KafkaAdmin kafkaAdmin, KafkaProperties kafka, QueueProperties queue,
			DeadLetterRules rules, ConsumerProperties jobs, WorkTopicSetup topicsAreReady) {
		return new ShareGroupSetup(kafkaAdmin, kafka.getConsumer().getGroupId(), queue, rules, jobs);
	}

	@Bean
	ShareGroupCapacity shareGroupCapacity(ConsumerProperties jobs, MeterRegistry registry) {
		return new ShareGroupCapacity(jobs.shareGroup(), jobs.workers(), registry);
	}

	@Bean
	ShareConsumerFactory<String, byte[]> shareConsumerFactory(KafkaProperties kafka, ConsumerProperties jobs,
			ShareGroupCapacity capacity, ShareGroupSetup groupIsReady) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		GROUP_ONLY.forEach(config::remove);
		// A group id is a consumer group or a share group, never both.
		config.put(ConsumerConfig.GROUP_ID_CONFIG, jobs.shareGroup());
		// Settle every job explicitly (accept, release, reject, renew), and take one at a
		// time: record_limit (Kafka 4.2) stops the broker from locking a whole batch to
		// one member.
		config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
		config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		return capacity.factory(config);
	}

	@Bean
	ShareKafkaListenerContainerFactory<String, byte[]> shareKafkaListenerContainerFactory(
			ShareConsumerFactory<String, byte[]> consumers, QueueProperties queue, ConsumerProperties jobs) {
		ShareKafkaListenerContainerFactory<String, byte[]> factory = new ShareKafkaListenerContainerFactory<>(
				consumers);
		// WORKERS share consumers in this task, each with one job in hand at a time.
		factory.setConcurrency(jobs.workers());
		// The listener settles every record itself. Should it ever throw, release the
		// record: the container's default, reject, would archive the job without a dead
		// letter.
		factory.setShareConsumerRecordRecoverer(ShareConsumerRecordRecoverer.RELEASING);
		ContainerProperties container = factory.getContainerProperties();
		container.setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
		// The listener renews a running job's lock every half lock, and the record then
		// comes back to it; warn only if a record stays a whole lock without either.
		container.setShareAcknowledgmentTimeout(queue.recordLockDuration());
		container.setAcknowledgementCommitCallback(new RefusedAcknowledgements());
		return factory;
	}

	@Bean
	QueueWorkers queueWorkers(JobRunner runner, ConsumerProperties jobs) {
		return new QueueWorkers(runner, jobs.workers(),
				new StopBudget(jobs, DeadLetterRules.LONGEST_BACK_OFF).stopTimeout());
	}

	@Bean
	RecordLockLimit recordLockLimit(KafkaAdmin kafkaAdmin, ConsumerProperties jobs, QueueWorkers workers,
			QueueProperties queue, MeterRegistry registry) {
		return new RecordLockLimit(() -> Admin.create(kafkaAdmin.getConfigurationProperties()), jobs.shareGroup(),
				workers, queue.recordLockDuration(), registry);
	}

	@Bean
	QueueJobListener queueJobListener(QueueWorkers workers, JobRunner runner, KafkaOperations<Object, Object> template,
			DeadLetterReport deadLetters, DeadLetterRules rules, JobLifecycle lifecycle, QueueProperties queue,
			ConsumerProperties jobs, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		return new QueueJobListener(workers, runner, new QueueDeadLetters(template, jobs.shareGroup()), deadLetters,
				new QueueSettlement(rules), lifecycle, queue, () -> {
					MessageListenerContainer container = listeners.getObject()
						.getListenerContainer(QueueJobListener.ID);
					return container != null && container.isRunning();
				});
	}

}
