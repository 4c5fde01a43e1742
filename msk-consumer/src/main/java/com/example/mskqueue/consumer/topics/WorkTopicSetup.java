package com.example.mskqueue.consumer.topics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.lifecycle.LifecycleProperties;
import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.contract.WorkTopics;

/**
 * Makes sure the work topic and its dead-letter topic (and, with the lifecycle recorded,
 * its lifecycle and control topics) exist before the listener starts. A missing topic is
 * created with the configured partition count (where the consumer may create topics,
 * {@code spring.kafka.admin.auto-create}); an existing topic is never changed. Spring's
 * {@code NewTopic} beans are not used for this because {@code KafkaAdmin} raises the
 * partition count of an existing topic to the bean's, which overrides an operator's
 * choice and moves keys to other partitions.
 */
@Component
public class WorkTopicSetup implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(WorkTopicSetup.class);

	private static final long TIMEOUT_SECONDS = 30;

	private final KafkaAdmin kafkaAdmin;

	private final boolean mayCreate;

	private final ConsumerProperties properties;

	private final LifecycleProperties lifecycle;

	WorkTopicSetup(KafkaAdmin kafkaAdmin, KafkaProperties kafka, ConsumerProperties properties,
			LifecycleProperties lifecycle) {
		this.kafkaAdmin = kafkaAdmin;
		this.mayCreate = kafka.getAdmin().isAutoCreate();
		this.properties = properties;
		this.lifecycle = lifecycle;
	}

	@Override
	public void afterPropertiesSet() {
		String topic = this.properties.topic();
		int wanted = this.properties.topicPartitions();
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Map<String, KafkaFuture<TopicDescription>> described = admin
				.describeTopics(List.of(topic, this.properties.deadLetterTopic()))
				.topicNameValues();
			for (NewTopic pairMember : WorkTopics.newPair(topic, wanted)) {
				TopicDescription existing = describe(described.get(pairMember.name()));
				if (existing == null) {
					create(admin, pairMember);
				}
				else if (existing.partitions().size() != wanted) {
					log.warn(
							"Topic {} has {} partitions, not the {} configured for {} mode; it is left as it is "
									+ "(the consumer never changes an existing topic).{}",
							pairMember.name(), existing.partitions().size(), wanted,
							this.properties.mode().name().toLowerCase(),
							(this.properties.mode() == ConsumerMode.QUEUE && pairMember.name().equals(topic))
									? " In queue mode the brokers share each partition among about members / "
											+ "partitions members, so members whose partitions are drained wait while "
											+ "others still work; with 1 partition every member takes every job "
											+ "(see docs/architecture.md)"
									: "");
				}
			}
			if (this.lifecycle.enabled()) {
				createMissing(admin, QueueTopics.newTopics(topic, this.lifecycle.retention()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Could not check the work topics {} and {}: {}; the listener waits for them",
					this.properties.topic(), this.properties.deadLetterTopic(), String.valueOf(ex.getCause()));
		}
	}

	/**
	 * The lifecycle and control topics: the producer creates them at its startup, this
	 * consumer only where it starts first and may.
	 */
	private void createMissing(Admin admin, List<NewTopic> topics)
			throws ExecutionException, InterruptedException, TimeoutException {
		Map<String, KafkaFuture<TopicDescription>> described = admin
			.describeTopics(topics.stream().map(NewTopic::name).toList())
			.topicNameValues();
		for (NewTopic topic : topics) {
			if (describe(described.get(topic.name())) == null) {
				create(admin, topic);
			}
		}
	}

	private void create(Admin admin, NewTopic topic) throws ExecutionException, InterruptedException, TimeoutException {
		if (!this.mayCreate) {
			log.warn(
					"Topic {} does not exist, and this consumer may not create topics "
							+ "(spring.kafka.admin.auto-create=false): create it, or let the producer create it",
					topic.name());
			return;
		}
		try {
			admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			log.info("Created topic {} with {} partitions", topic.name(), topic.numPartitions());
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

	private static TopicDescription describe(KafkaFuture<TopicDescription> description)
			throws ExecutionException, InterruptedException, TimeoutException {
		try {
			return description.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return null;
			}
			throw ex;
		}
	}

}
