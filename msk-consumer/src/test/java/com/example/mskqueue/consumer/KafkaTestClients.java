package com.example.mskqueue.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * Plain Kafka clients that put jobs on a real broker and read back what happened to them.
 */
public final class KafkaTestClients {

	private KafkaTestClients() {
	}

	/** Send records (key, raw value) to one partition, in order, and wait for them. */
	public static void send(String bootstrapServers, String topic, int partition, List<Map.Entry<String, byte[]>> jobs)
			throws ExecutionException, InterruptedException {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			for (Map.Entry<String, byte[]> job : jobs) {
				producer.send(new ProducerRecord<>(topic, partition, job.getKey(), job.getValue())).get();
			}
		}
	}

	/** Every record on a topic, from the beginning. */
	public static List<ConsumerRecord<String, byte[]>> records(String bootstrapServers, String topic) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
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

	/** Per partition: end offset minus the group's committed offset (the whole partition if none). */
	public static Map<Integer, Long> lag(String bootstrapServers, String group, String topic)
			throws ExecutionException, InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
			for (int p = 0; p < partitions; p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			var ends = admin.listOffsets(latest).all().get();
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			return ends.entrySet()
				.stream()
				.collect(Collectors.toMap((end) -> end.getKey().partition(), (end) -> end.getValue().offset()
						- ((committed.get(end.getKey()) != null) ? committed.get(end.getKey()).offset() : 0L)));
		}
	}

}
