package com.example.mskqueue.system.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.example.mskqueue.local.KafkaBroker;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.QueueProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaled to zero, a consumer group's committed offsets expire after
 * {@code offsets.retention.minutes}; the producer's offsets keeper keeps its group's. On
 * a broker that expires an empty group's offsets after one minute, a group nobody keeps
 * loses them, while the group the real producer jar keeps still has them well after that;
 * a share group (queue mode), which nobody keeps, keeps its position.
 */
class OffsetsKeeperTests {

	static final Duration KEEPER_INTERVAL = Duration.ofSeconds(5);

	// Kept when a test fails: the consumers' logs say why.
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path workDir;

	@Test
	void keepsAnEmptyGroupsOffsetsPastTheRetentionPeriodWhileAShareGroupNeedsNoKeeper() throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.onFreePorts(this.workDir.resolve("kafka"))
			.with(Map.of("offsets.retention.minutes", "1", "offsets.retention.check.interval.ms", "2000")))) {
			String bootstrap = broker.bootstrapServers();
			try (QueueProbe queue = new QueueProbe(bootstrap)) {
				queue.createTopic("kept-jobs", 2, Map.of());
				queue.send("kept-jobs", 0,
						List.of(Map.entry("job-1", "1".getBytes(StandardCharsets.UTF_8)),
								Map.entry("job-2", "1".getBytes(StandardCharsets.UTF_8)),
								Map.entry("job-3", "1".getBytes(StandardCharsets.UTF_8))));
			}
			// The keeper first: the offsets' minute of retention starts at the commits,
			// and a slow start of the keeper must not use it up.
			try (ProducerProcess keeper = ProducerProcess.start(this.workDir.resolve("keeper.log"), bootstrap,
					Map.of("WORK_TOPIC", "kept-jobs", "CONSUMER_GROUP", "kept", "OFFSETS_KEEPER_INTERVAL",
							KEEPER_INTERVAL.toSeconds() + "s"));
					Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
				commitAndLeave(bootstrap, "kept", "kept-jobs", Map.of(0, 3L, 1, 0L));
				commitAndLeave(bootstrap, "unkept", "kept-jobs", Map.of(0, 3L, 1, 0L));
				acceptAll(bootstrap, "queue", "kept-jobs", 3);
				SharePartitionOffsetInfo shareGroupWhenEmpty = sharePosition(admin);
				assertThat(shareGroupWhenEmpty.lag()).as("the share group did all 3 jobs").contains(0L);

				await().atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> committed(admin, "unkept").isEmpty());
				Instant unkeptExpired = Instant.now();
				await().during(KEEPER_INTERVAL.multipliedBy(3))
					.atMost(KEEPER_INTERVAL.multipliedBy(4))
					.pollInterval(Duration.ofSeconds(2))
					.untilAsserted(
							() -> assertThat(committed(admin, "kept")).as("the kept group's offsets").hasSize(2));

				assertThat(keeper.isAlive()).isTrue();
				assertThat(Duration.between(unkeptExpired, Instant.now()))
					.isGreaterThanOrEqualTo(KEEPER_INTERVAL.multipliedBy(3));
				assertThat(sharePosition(admin)).as("the share group's position, with no keeper")
					.isEqualTo(shareGroupWhenEmpty);
			}
		}
	}

	/**
	 * Join the group as a consumer-protocol member, commit these offsets, and leave: the
	 * group is then empty.
	 */
	private static void commitAndLeave(String bootstrap, String group, String topic, Map<Integer, Long> offsets) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
						ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
						false),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(100));
				return consumer.assignment().size() == offsets.size();
			});
			Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
			offsets.forEach((partition, offset) -> commits.put(new TopicPartition(topic, partition),
					new OffsetAndMetadata(offset)));
			consumer.commitSync(commits);
		}
	}

	/**
	 * As a member of share group {@code group} (from the earliest record), accept
	 * {@code count} jobs, and leave.
	 */
	private static void acceptAll(String bootstrap, String group, String topic, int count) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin
				.incrementalAlterConfigs(
						Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
								List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
		try (KafkaShareConsumer<String, String> member = new KafkaShareConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
						ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"),
				new StringDeserializer(), new StringDeserializer())) {
			member.subscribe(List.of(topic));
			int[] accepted = { 0 };
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : member.poll(Duration.ofMillis(200))) {
					member.acknowledge(record, AcknowledgeType.ACCEPT);
					accepted[0]++;
				}
				member.commitSync();
				return accepted[0] >= count;
			});
		}
	}

	private static SharePartitionOffsetInfo sharePosition(Admin admin) throws Exception {
		return admin.listShareGroupOffsets(Map.of("queue", new ListShareGroupOffsetsSpec()))
			.partitionsToOffsetInfo("queue")
			.get()
			.get(new TopicPartition("kept-jobs", 0));
	}

	private static Map<?, ?> committed(Admin admin, String group) throws Exception {
		return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
	}

}
