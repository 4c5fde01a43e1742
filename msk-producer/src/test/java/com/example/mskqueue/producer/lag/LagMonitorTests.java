package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * The lag monitor against a real broker: MSK's lag figures from end and committed
 * offsets, with no consumer running and with members that hold no partition.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jobs.topic=watched", "jobs.lag.consumer-group=watchers", "jobs.lag.interval=500ms",
				"jobs.lag.assumed-mean-job-time=2s" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class LagMonitorTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	LagMonitor monitor;

	@Autowired
	MeterRegistry registry;

	@LocalServerPort
	int port;

	@Test
	void reportsMskLagFiguresWhileNoConsumerRunsAndSeesIdleMembers() throws Exception {
		String bootstrap = this.broker.getBrokersAsString();
		GroupMembers.createTopic(bootstrap, "watched", 3);
		GroupMembers.fill(bootstrap, "watched", 0, 10);
		GroupMembers.fill(bootstrap, "watched", 1, 5);
		GroupMembers.commitAndLeave(bootstrap, "watchers", "watched", Map.of(0, 4L, 1, 5L, 2, 0L));

		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			LagSnapshot lag = this.monitor.latest().orElseThrow();
			assertThat(lag.partitions()).extracting(LagSnapshot.PartitionLag::lag).containsExactly(6L, 0L, 0L);
			assertThat(lag.groupState()).isEqualTo("EMPTY");
		});
		LagSnapshot lag = this.monitor.latest().orElseThrow();
		assertThat(lag.sumOffsetLag()).isEqualTo(6);
		assertThat(lag.maxOffsetLag()).isEqualTo(6);
		assertThat(lag.estimatedMaxTimeLagSeconds()).isEqualTo(12.0);
		assertThat(lag.skew()).isEqualTo(3.0);
		assertThat(this.registry.get("msk.consumer.lag.sum").tag("group", "watchers").gauge().value()).isEqualTo(6.0);
		assertThat(this.registry.get("msk.consumer.lag.max").gauge().value()).isEqualTo(6.0);
		assertThat(this.registry.get("msk.consumer.lag.partition").tag("partition", "0").gauge().value())
			.isEqualTo(6.0);
		assertThat(FormPost.get(this.port, "/msk-producer/actuator/prometheus").body())
			.contains("msk_consumer_lag_sum{group=\"watchers\",topic=\"watched\"} 6.0");

		GroupMembers.createTopic(bootstrap, "narrow", 1);
		List<KafkaConsumer<String, String>> members = List.of(GroupMembers.join(bootstrap, "watchers", "watched"),
				GroupMembers.join(bootstrap, "watchers", "watched"),
				GroupMembers.join(bootstrap, "watchers", "watched"),
				GroupMembers.join(bootstrap, "watchers", "watched"));
		try {
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				members.forEach((member) -> member.poll(Duration.ofMillis(10)));
				LagSnapshot withMembers = this.monitor.latest().orElseThrow();
				assertThat(withMembers.members()).hasSize(4);
				assertThat(withMembers.members().stream().mapToInt((member) -> member.partitions().size()).sum())
					.isEqualTo(3);
				assertThat(withMembers.idleMembers()).as("4 members on 3 partitions: one holds none").hasSize(1);
			});
		}
		finally {
			members.forEach(KafkaConsumer::close);
		}
	}

}
