package com.example.mskqueue.local;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher's broker: a real KRaft broker that clients can use, formatted with share
 * groups, that keeps its data across restarts.
 */
class KafkaBrokerTests {

	@TempDir
	Path dataDir;

	@Test
	void startsABrokerThatClientsCanProduceToAndConsumeFromAndThatKeepsItsDataAcrossRestarts() throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.onFreePorts(this.dataDir))) {
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("greetings", 2, (short) 1))).all().get();
				assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures())
					.as("share groups enabled at format time")
					.containsKey("share.version");
			}
			produce(broker.bootstrapServers(), "greetings", "hello", "world");
			assertThat(consume(broker.bootstrapServers(), "greetings", 2)).containsExactlyInAnyOrder("hello", "world");

			broker.restart();

			assertThat(consume(broker.bootstrapServers(), "greetings", 2)).containsExactlyInAnyOrder("hello", "world");
		}
	}

	@Test
	void aBrokerOnFreePortsWhosePortWasTakenBeforeItBoundItStartsOnOtherFreePorts() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			KafkaBroker.Settings raced = new KafkaBroker.Settings(this.dataDir, taken.getLocalPort(), FreePorts.next(),
					Map.of(), KafkaBroker.HEAP, true, true);
			try (KafkaBroker broker = KafkaBroker.start(raced)) {
				assertThat(broker.bootstrapServers()).doesNotEndWith(":" + taken.getLocalPort());
				try (Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
					admin.createTopics(List.of(new NewTopic("raced", 1, (short) 1))).all().get();
				}
				produce(broker.bootstrapServers(), "raced", "started");
				assertThat(consume(broker.bootstrapServers(), "raced", 1)).containsExactly("started");
			}
		}
	}

	static void produce(String bootstrapServers, String topic, String... values) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, value)).get();
			}
		}
	}

	/**
	 * The first {@code expected} values of the topic, read from the start of every
	 * partition without a consumer group (no offsets topic to create).
	 */
	static List<String> consume(String bootstrapServers, String topic, int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
				return values.size() >= expected;
			});
		}
		return values;
	}

}
