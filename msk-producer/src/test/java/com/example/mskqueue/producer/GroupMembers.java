package com.example.mskqueue.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real Kafka clients that create topics, fill partitions and commit a group's offsets, so
 * that the lag monitor has something true to read.
 */
public final class GroupMembers {

	private GroupMembers() {
	}

	public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
		}
	}

	public static void fill(String bootstrap, String topic, int partition, int records) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			for (int i = 0; i < records; i++) {
				producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "1")).get();
			}
		}
	}

	/**
	 * A consumer-protocol member of {@code group} subscribed to {@code topic}; close it
	 * to leave.
	 */
	public static KafkaConsumer<String, String> join(String bootstrap, String group, String topic) {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		consumer.subscribe(List.of(topic));
		return consumer;
	}

	/**
	 * Join the group, commit these offsets as its member, and leave: the group is then
	 * empty.
	 */
	public static void commitAndLeave(String bootstrap, String group, String topic, Map<Integer, Long> offsets) {
		try (KafkaConsumer<String, String> consumer = join(bootstrap, group, topic)) {
			long deadline = System.currentTimeMillis() + 30_000;
			while (consumer.assignment().size() < offsets.size() && System.currentTimeMillis() < deadline) {
				consumer.poll(Duration.ofMillis(100));
			}
			Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
			offsets.forEach((partition, offset) -> commits.put(new TopicPartition(topic, partition),
					new OffsetAndMetadata(offset)));
			consumer.commitSync(commits);
		}
	}

	/**
	 * A member of share group {@code group} on {@code topic}, which starts from the
	 * earliest record (as the consumer configures its share group); close it to leave.
	 */
	public static KafkaShareConsumer<String, String> joinShareGroup(String bootstrap, String group, String topic)
			throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin
				.incrementalAlterConfigs(
						Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
								List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
		KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
				ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit", ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG,
				"record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		consumer.subscribe(List.of(topic));
		return consumer;
	}

	/**
	 * As a member of the share group, take {@code count} jobs one at a time and accept
	 * each.
	 */
	public static void accept(KafkaShareConsumer<String, String> member, int count) {
		long deadline = System.currentTimeMillis() + 30_000;
		int accepted = 0;
		while (accepted < count) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("accepted " + accepted + " of " + count + " records within 30 s");
			}
			for (ConsumerRecord<String, String> record : member.poll(Duration.ofMillis(200))) {
				member.acknowledge(record, AcknowledgeType.ACCEPT);
				accepted++;
			}
			member.commitSync();
		}
	}

}
