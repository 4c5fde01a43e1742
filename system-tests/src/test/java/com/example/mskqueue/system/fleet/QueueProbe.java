package com.example.mskqueue.system.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fault suite's view of the broker: topics, jobs sent with {@code acks=all}, group
 * offsets and the members of a group.
 */
public final class QueueProbe implements AutoCloseable {

	private final String bootstrapServers;

	/**
	 * One admin client for every look, made at the first: a client per look cost about 10
	 * ms of CPU between the tests' JVM and the broker, a shared one under 1 ms, and the
	 * tests look every few hundred milliseconds.
	 */
	private Admin admin;

	public QueueProbe(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
		Admin admin = admin();
		// The cluster's default replication factor: 1 on one broker, 3 on a cluster
		// like MSK's.
		admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
			.all()
			.get();
	}

	public void deleteTopic(String topic) throws Exception {
		admin().deleteTopics(List.of(topic)).all().get();
	}

	public Set<String> topics() throws Exception {
		return admin().listTopics().names().get();
	}

	/** Send {@code count} random jobs; returns the keys the broker acknowledged. */
	public List<String> sendJobs(String topic, int count) throws Exception {
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			jobs.add(Map.entry(UUID.randomUUID().toString(),
					Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)).getBytes(StandardCharsets.UTF_8)));
		}
		return send(topic, null, jobs);
	}

	/**
	 * Send jobs (to {@code partition}, or spread by key when null); returns the
	 * acknowledged keys.
	 */
	public List<String> send(String topic, Integer partition, List<Map.Entry<String, byte[]>> jobs) throws Exception {
		List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (Map.Entry<String, byte[]> job : jobs) {
				producer.send(new ProducerRecord<>(topic, partition, job.getKey(), job.getValue()), (metadata, ex) -> {
					if (ex == null) {
						acknowledged.add(job.getKey());
					}
				});
			}
			producer.flush();
		}
		return List.copyOf(acknowledged);
	}

	public KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
				4 * 1024 * 1024, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	/** Every record of a topic, from the beginning. */
	public List<ConsumerRecord<String, byte[]>> records(String topic) {
		return records(topic, "read_uncommitted");
	}

	/**
	 * Every record of a topic that consumers reading committed records only see (the work
	 * consumers do): none of an aborted transaction.
	 */
	public List<ConsumerRecord<String, byte[]>> committedRecords(String topic) {
		return records(topic, "read_committed");
	}

	private List<ConsumerRecord<String, byte[]>> records(String topic, String isolation) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/**
	 * The group's lag summed over the topic's partitions (a partition never committed
	 * counts whole).
	 */
	public long lag(String group, String topic) throws ExecutionException, InterruptedException {
		return lagByPartition(group, topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Per partition: end offset minus the group's committed offset (the whole partition
	 * if none).
	 */
	public Map<Integer, Long> lagByPartition(String group, String topic)
			throws ExecutionException, InterruptedException {
		List<Long> ends = endOffsetsByPartition(topic);
		Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
		Map<Integer, Long> lag = new HashMap<>();
		for (int p = 0; p < ends.size(); p++) {
			OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
			lag.put(p, ends.get(p) - ((offset != null) ? offset.offset() : 0L));
		}
		return lag;
	}

	/** The sum of the topic's end offsets: how many records it holds. */
	public long endOffsets(String topic) throws ExecutionException, InterruptedException {
		return endOffsetsByPartition(topic).stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The end offset of each partition, in partition order: how many records each holds.
	 */
	public List<Long> endOffsetsByPartition(String topic) throws ExecutionException, InterruptedException {
		Admin admin = admin();
		int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		var ends = admin.listOffsets(latest).all().get();
		List<Long> offsets = new ArrayList<>();
		for (int p = 0; p < partitions; p++) {
			offsets.add(ends.get(new TopicPartition(topic, p)).offset());
		}
		return offsets;
	}

	/** The partitions the group has committed offsets for (empty once they expired). */
	public Set<TopicPartition> committedPartitions(String group) throws ExecutionException, InterruptedException {
		return committedOffsets(group).keySet();
	}

	/** Partitions of the topic where the group has work left. */
	public int partitionsWithLag(String group, String topic) throws ExecutionException, InterruptedException {
		List<Long> ends = endOffsetsByPartition(topic);
		Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
		int withLag = 0;
		for (int p = 0; p < ends.size(); p++) {
			OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
			if (ends.get(p) > ((offset != null) ? offset.offset() : 0)) {
				withLag++;
			}
		}
		return withLag;
	}

	private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group)
			throws ExecutionException, InterruptedException {
		return admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
	}

	/** How many members the consumer group has, with or without partitions. */
	public int groupMembers(String group) {
		try {
			Admin admin = admin();
			return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/** How many members of the group hold at least one partition. */
	public int membersWithPartitions(String group) {
		try {
			Admin admin = admin();
			return (int) admin.describeConsumerGroups(List.of(group))
				.all()
				.get()
				.get(group)
				.members()
				.stream()
				.filter((member) -> !member.assignment().topicPartitions().isEmpty())
				.count();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/**
	 * How many members of the share group the broker lets receive from each partition of
	 * the topic (its assignor shares a partition among about {@code members / partitions}
	 * members).
	 */
	public Map<Integer, Integer> shareGroupMembersPerPartition(String group, String topic) {
		Map<Integer, Integer> members = new java.util.TreeMap<>();
		try {
			Admin admin = admin();
			admin.describeShareGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get()
				.members()
				.forEach((member) -> member.assignment()
					.topicPartitions()
					.stream()
					.filter((tp) -> tp.topic().equals(topic))
					.forEach((tp) -> members.merge(tp.partition(), 1, Integer::sum)));
		}
		catch (ExecutionException ex) {
			return Map.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		return members;
	}

	/**
	 * The share group's lag on the topic, as the brokers report it (records not yet
	 * settled).
	 */
	public long shareGroupLag(String group, String topic) {
		try {
			Admin admin = admin();
			Map<TopicPartition, Long> ends = new HashMap<>();
			List<Long> endOffsets = endOffsetsByPartition(topic);
			for (int p = 0; p < endOffsets.size(); p++) {
				ends.put(new TopicPartition(topic, p), endOffsets.get(p));
			}
			var offsets = admin
				.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(ends.keySet())))
				.partitionsToOffsetInfo(group)
				.get();
			long lag = 0;
			for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
				var info = offsets.get(end.getKey());
				lag += (info != null) ? info.lag().orElse(end.getValue() - Math.max(0, info.startOffset()))
						: end.getValue();
			}
			return lag;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not read the lag of share group " + group, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
					AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(5));
			this.admin = null;
		}
	}

}
