package com.example.mskqueue.producer.sending;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.WorkTopics;

/**
 * Makes sure a work topic exists before jobs are sent to it. An existing topic is used as
 * it is, whatever its partition count. A new one is created with its dead-letter twin
 * (same partition count), after two checks that refuse it before anything is created: no
 * existing topic may collide with either name, and the cluster must accept both
 * ({@code validateOnly}). A refusal is the client's to fix
 * ({@link TopicRefusedException}); an unreachable cluster is
 * {@link BrokerUnavailableException}.
 */
@Component
class TopicProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private static final long LEADER_POLL_MILLIS = 50;

	private final Admin admin;

	private final long timeoutMillis;

	TopicProvisioner(Admin admin, KafkaAdmin kafkaAdmin) {
		this.admin = admin;
		this.timeoutMillis = Long.parseLong(String
			.valueOf(kafkaAdmin.getConfigurationProperties().getOrDefault("default.api.timeout.ms", "60000")));
	}

	WorkTopic ensureExists(String topic, int partitionsIfNew) {
		Optional<TopicDescription> existing = describe(topic);
		if (existing.isPresent()) {
			return new WorkTopic(topic, existing.get().partitions().size(), false);
		}
		WorkTopics.collision(topic, names()).ifPresent((other) -> {
			throw new TopicRefusedException("topic " + topic + " collides with existing topic " + other
					+ ": Kafka does not allow two topics whose names differ only in '.' and '_'; choose another name");
		});
		List<NewTopic> pair = WorkTopics.newPair(topic, partitionsIfNew);
		try {
			this.admin.createTopics(pair, new CreateTopicsOptions().validateOnly(true))
				.all()
				.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
			this.admin.createTopics(pair).all().get(this.timeoutMillis, TimeUnit.MILLISECONDS);
			awaitPartitionsOnTheirLeaders(topic, partitionsIfNew);
			log.info("Created topic {} with {} partitions, and its dead-letter topic", topic, partitionsIfNew);
			return new WorkTopic(topic, partitionsIfNew, true);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				// Another request created it first, perhaps a moment ago: report what it
				// really has, once it can take jobs.
				WorkTopic created = describe(topic)
					.map((description) -> new WorkTopic(topic, description.partitions().size(), false))
					.orElseThrow(
							() -> new BrokerUnavailableException("topic " + topic + " vanished while being created"));
				awaitPartitionsOnTheirLeaders(topic, created.partitions());
				return created;
			}
			throw refusedOrUnavailable("create topic " + topic, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("creating topic " + topic + " timed out");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while creating topic " + topic);
		}
	}

	/**
	 * Waits until each partition of a topic just created answers on its leader. The
	 * metadata names a leader before that broker has made the partition, and the leader
	 * refuses a batch until then; once a later batch of the same idempotent producer has
	 * landed there, the refused one is out of sequence for good, and its jobs fail after
	 * {@code delivery.timeout.ms} (a 503 for a large batch to a new topic).
	 */
	private void awaitPartitionsOnTheirLeaders(String topic, int partitions) {
		Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
		for (int partition = 0; partition < partitions; partition++) {
			ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis);
		try {
			while (!answers(topic, ends, deadline)) {
				Thread.sleep(LEADER_POLL_MILLIS);
			}
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("new topic " + topic + " has no leader ready yet; try again");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while waiting for new topic " + topic);
		}
	}

	/** Whether every partition's leader answers now; false to ask again. */
	private boolean answers(String topic, Map<TopicPartition, OffsetSpec> ends, long deadline)
			throws TimeoutException, InterruptedException {
		try {
			this.admin.listOffsets(ends).all().get(this.timeoutMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RetriableException && System.nanoTime() < deadline) {
				return false;
			}
			throw refusedOrUnavailable("reach the leaders of new topic " + topic, ex.getCause());
		}
	}

	/**
	 * Why {@code acks=all} writes to {@code topic} cannot succeed now, if the reason is
	 * too few in-sync replicas: the partitions whose in-sync replicas are fewer than the
	 * topic's {@code min.insync.replicas}. Empty when all have enough, or when the
	 * cluster does not answer.
	 */
	Optional<String> inSyncShortfall(String topic) {
		try {
			TopicDescription description = this.admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(this.timeoutMillis, TimeUnit.MILLISECONDS)
				.get(topic);
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
			ConfigEntry minInSync = this.admin.describeConfigs(List.of(resource))
				.all()
				.get(this.timeoutMillis, TimeUnit.MILLISECONDS)
				.get(resource)
				.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
			int needed = (minInSync != null) ? Integer.parseInt(minInSync.value()) : 1;
			List<String> partitionsShort = description.partitions()
				.stream()
				.filter((partition) -> partition.isr().size() < needed)
				.map((partition) -> "partition " + partition.partition() + " has " + partition.isr().size() + " of "
						+ partition.replicas().size())
				.toList();
			return partitionsShort.isEmpty() ? Optional.empty()
					: Optional.of("not enough in-sync replicas: " + String.join(", ", partitionsShort)
							+ " replicas in sync, " + needed + " needed (min.insync.replicas); brokers are down");
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	private Optional<TopicDescription> describe(String topic) {
		try {
			return Optional.of(this.admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(this.timeoutMillis, TimeUnit.MILLISECONDS)
				.get(topic));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw refusedOrUnavailable("describe topic " + topic, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("describing topic " + topic + " timed out");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while describing topic " + topic);
		}
	}

	private Set<String> names() {
		try {
			return this.admin.listTopics().names().get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw refusedOrUnavailable("list topics", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("listing topics timed out");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while listing topics");
		}
	}

	/**
	 * The cluster's own refusals are the client's to fix; anything else means it is out
	 * of reach.
	 */
	private static RuntimeException refusedOrUnavailable(String what, Throwable cause) {
		if (cause instanceof InvalidTopicException || cause instanceof PolicyViolationException
				|| cause instanceof InvalidPartitionsException || cause instanceof InvalidReplicationFactorException
				|| cause instanceof InvalidConfigurationException || cause instanceof TopicAuthorizationException) {
			return new TopicRefusedException("the cluster refused to " + what + ": " + cause.getMessage());
		}
		return new BrokerUnavailableException("could not " + what + ": "
				+ ((cause instanceof ApiException) ? cause.getMessage() : String.valueOf(cause)));
	}

}
