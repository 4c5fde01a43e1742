package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.producer.FormPost;
import com.example.mskqueue.producer.GroupMembers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the consumers in queue mode ({@code CONSUMER_MODE=queue}), the producer watches
 * their share group on a real broker: lag from the share group's offsets, members that
 * share the partition (none idle), and a form that suggests a single partition for new
 * topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jobs.topic=queued", "jobs.consumer-mode=queue", "jobs.lag.consumer-group=workers",
				"jobs.lag.share-group=workers-queue", "jobs.lag.interval=500ms" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
		"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1" })
class ShareGroupLagTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	LagMonitor monitor;

	@Autowired
	MeterRegistry registry;

	@LocalServerPort
	int port;

	@Test
	void readsTheShareGroupsLagAndShowsEveryMemberSharingThePartition() throws Exception {
		String bootstrap = this.broker.getBrokersAsString();
		GroupMembers.createTopic(bootstrap, "queued", 1);
		GroupMembers.fill(bootstrap, "queued", 0, 10);
		List<KafkaShareConsumer<String, String>> members = List.of(
				GroupMembers.joinShareGroup(bootstrap, "workers-queue", "queued"),
				GroupMembers.joinShareGroup(bootstrap, "workers-queue", "queued"));
		try {
			GroupMembers.accept(members.get(0), 3);
			GroupMembers.accept(members.get(1), 1);

			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				LagSnapshot lag = this.monitor.latest().orElseThrow();
				assertThat(lag.group()).isEqualTo("workers-queue");
				assertThat(lag.sumOffsetLag()).as("10 jobs, 4 accepted").isEqualTo(6);
				assertThat(lag.members()).hasSize(2)
					.allSatisfy((member) -> assertThat(member.partitions()).containsExactly(0));
				assertThat(lag.idleMembers()).isEmpty();
			});
			assertThat(this.registry.get("msk.consumer.lag.sum").tag("group", "workers-queue").gauge().value())
				.isEqualTo(6.0);
			assertThat(FormPost.get(this.port, "/msk-producer/status.json").body())
				.contains("\"group\":\"workers-queue\"", "\"sumOffsetLag\":6", "\"idleMembers\":[]");
			assertThat(FormPost.get(this.port, "/msk-producer-index.html").body())
				.as("the form suggests one partition, which every member of a share group shares")
				.containsPattern("name=\"partition_num\"[^>]*value=\"1\"");
		}
		finally {
			members.forEach(KafkaShareConsumer::close);
		}
	}

}
