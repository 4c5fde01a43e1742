package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.mskqueue.producer.GroupMembers;
import com.example.mskqueue.producer.Http;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the consumers in queue mode ({@code CONSUMER_MODE=queue}), the producer watches
 * their share group on a real broker: lag from the share group's offsets, members that
 * share the partition (none idle), and a form that suggests a single partition for new
 * topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "jobs.topic=queued",
				"jobs.consumer-mode=queue", "jobs.lag.consumer-group=workers", "jobs.lag.share-group=workers-queue",
				"jobs.lag.interval=500ms" })
class ShareGroupLagTests {

	@Autowired
	LagMonitor monitor;

	@Autowired
	MeterRegistry registry;

	@LocalServerPort
	int port;

	@Test
	void readsTheShareGroupsLagAndShowsEveryMemberSharingThePartition() throws Exception {
		String bootstrap = TestBroker.bootstrapServers();
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
			assertThat(get("/msk-producer/status.json")).contains("\"group\":\"workers-queue\"", "\"sumOffsetLag\":6",
					"\"idleMembers\":[]");
			assertThat(get("/msk-producer-index.html"))
				.as("the form suggests one partition, which every member of a share group shares")
				.containsPattern("name=\"partition_num\"[^>]*value=\"1\"");
		}
		finally {
			members.forEach(KafkaShareConsumer::close);
		}
	}

	private String get(String path) {
		return Http.to(this.port).get().uri(path).exchange().returnResult(String.class).getResponseBody();
	}

}
