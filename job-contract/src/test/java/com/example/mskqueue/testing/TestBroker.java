package com.example.mskqueue.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The test JVM's one real KRaft broker ({@link ForkBroker}) and what the tests do on it:
 * send raw jobs and read back topics and group offsets, with spring-kafka-test's client
 * settings.
 */
public final class TestBroker {

	private TestBroker() {
	}

	public static String bootstrapServers() {
		return System.getProperty("spring.embedded.kafka.brokers");
	}

	public static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	/** Send raw jobs (key, value) to one partition, in order, and wait for them. */
	public static void send(String topic, int partition, List<Map.Entry<String, byte[]>> jobs) throws Exception {
		Map<String, Object> config = KafkaTestUtils.producerProps(bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			for (Map.Entry<String, byte[]> job : jobs) {
				producer.send(new ProducerRecord<>(topic, partition, job.getKey(), job.getValue()))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

	/** Every record of a topic, from the beginning of each partition to its end now. */
	public static List<ConsumerRecord<String, byte[]>> records(String topic) {
		Map<String, Object> config = KafkaTestUtils.consumerProps(bootstrapServers(), "readers", false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/** The records of a topic with this key. */
	public static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
		return records(topic).stream().filter((record) -> key.equals(record.key())).toList();
	}

	/** The consumer group's lag over all partitions of the topic. */
	public static long lag(String group, String topic) throws Exception {
		Map<String, Object> config = KafkaTestUtils.consumerProps(bootstrapServers(), "lag-readers", false);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			long lag = 0;
			for (Map.Entry<TopicPartition, Long> end : KafkaTestUtils.getEndOffsets(consumer, topic).entrySet()) {
				var committed = KafkaTestUtils.getCurrentOffset(bootstrapServers(), group, topic,
						end.getKey().partition());
				lag += end.getValue() - ((committed != null) ? committed.offset() : 0);
			}
			return lag;
		}
	}

	public static Set<String> topicNames() throws Exception {
		try (Admin admin = admin()) {
			return admin.listTopics().names().get();
		}
	}

	public static int partitionCount(String topic) throws Exception {
		try (Admin admin = admin()) {
			return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		}
	}

}
