package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.producer.GroupMembers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a broker that expires an empty group's offsets after one minute, the keeper's group
 * keeps its offsets through two minutes (twice the retention) of being empty, and a group
 * nobody keeps loses them; a share group (queue mode), which nobody keeps either, keeps
 * its position.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "jobs.topic=kept-jobs", "jobs.lag.consumer-group=kept", "jobs.lag.keeper-interval=15s" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerProperties = { "offsets.retention.minutes=1", "offsets.retention.check.interval.ms=2000",
				"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1" })
class OffsetsKeeperTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void keepsAnEmptyGroupsOffsetsPastTheRetentionPeriodWhileAShareGroupNeedsNoKeeper() throws Exception {
		String bootstrap = this.broker.getBrokersAsString();
		GroupMembers.createTopic(bootstrap, "kept-jobs", 2);
		GroupMembers.fill(bootstrap, "kept-jobs", 0, 3);
		GroupMembers.commitAndLeave(bootstrap, "kept", "kept-jobs", Map.of(0, 3L, 1, 0L));
		GroupMembers.commitAndLeave(bootstrap, "unkept", "kept-jobs", Map.of(0, 3L, 1, 0L));
		try (KafkaShareConsumer<String, String> member = GroupMembers.joinShareGroup(bootstrap, "queue", "kept-jobs")) {
			GroupMembers.accept(member, 3);
		}
		Instant empty = Instant.now();
		SharePartitionOffsetInfo shareGroupWhenEmpty;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			shareGroupWhenEmpty = sharePosition(admin);
		}
		assertThat(shareGroupWhenEmpty.lag()).as("the share group did all 3 jobs").contains(0L);

		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> committed(admin, "unkept").isEmpty());
			Duration unkeptLasted = Duration.between(empty, Instant.now());
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(5)).until(() -> {
				assertThat(committed(admin, "kept")).as("the kept group's offsets").hasSize(2);
				return Duration.between(empty, Instant.now()).compareTo(Duration.ofMinutes(2)) >= 0;
			});
			assertThat(committed(admin, "kept")).hasSize(2);
			assertThat(unkeptLasted).as("without the keeper the offsets expired").isLessThan(Duration.ofMinutes(2));
			assertThat(sharePosition(admin)).as("the share group's position after two minutes empty, with no keeper")
				.isEqualTo(shareGroupWhenEmpty);
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
