package com.example.mskqueue.producer.sending;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.example.mskqueue.producer.ProducerProperties;

/**
 * Makes sure a work topic exists before jobs are sent to it. A new topic gets the
 * requested partition count and a dead-letter topic with as many partitions; an existing
 * topic is left as it is and its real partition count is reported.
 */
@Component
class TopicProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	/**
	 * Dead letters carry the original record and exception headers; same limit as the
	 * consumer's.
	 */
	static final int DEAD_LETTER_MAX_BYTES = 8 * 1024 * 1024;

	private final Admin admin;

	TopicProvisioner(Admin admin) {
		this.admin = admin;
	}

	WorkTopic ensureExists(String topic, int partitionsIfNew) {
		Optional<TopicDescription> existing = describe(topic);
		if (existing.isPresent()) {
			return new WorkTopic(topic, existing.get().partitions().size(), false);
		}
		// The replication factor is left to the cluster's default.replication.factor.
		List<NewTopic> topics = List.of(new NewTopic(topic, Optional.of(partitionsIfNew), Optional.empty()),
				new NewTopic(ProducerProperties.deadLetterTopicOf(topic), Optional.of(partitionsIfNew),
						Optional.empty())
					.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_BYTES))));
		try {
			var results = this.admin.createTopics(topics).values();
			results.get(topic).get();
			ignoreIfExists(results.get(ProducerProperties.deadLetterTopicOf(topic)));
			log.info("Created topic {} with {} partitions (and its dead-letter topic)", topic, partitionsIfNew);
			return new WorkTopic(topic, partitionsIfNew, true);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				// Another request created it first: report what it really has.
				return describe(topic)
					.map((description) -> new WorkTopic(topic, description.partitions().size(), false))
					.orElseThrow(() -> new BrokerUnavailableException(
							"Topic " + topic + " vanished while being created", ex.getCause()));
			}
			throw new BrokerUnavailableException("Could not create topic " + topic, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("Interrupted while creating topic " + topic, ex);
		}
	}

	private Optional<TopicDescription> describe(String topic) {
		try {
			return Optional.of(this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw new BrokerUnavailableException("Could not describe topic " + topic, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("Interrupted while describing topic " + topic, ex);
		}
	}

	private static void ignoreIfExists(org.apache.kafka.common.KafkaFuture<Void> creation)
			throws ExecutionException, InterruptedException {
		try {
			creation.get();
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

}
