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

import com.example.mskqueue.producer.GroupMembers;
import com.example.mskqueue.producer.Http;
import com.example.mskqueue.producer.ProducerTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lag monitor against a real broker: MSK's lag figures from end and committed
 * offsets, with no consumer running and with members that hold no partition; no time
 * estimate until a job time has been measured; the status page rendered with them on the
 * server. On a topic and group of its own: the lag figures are exact, and other classes
 * send jobs to {@link ProducerTest}'s topic in the same broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"jobs.topic=" + LagMonitorTests.TOPIC, "jobs.lag.consumer-group=" + LagMonitorTests.GROUP,
				"jobs.lag.interval=500ms" })
class LagMonitorTests {

	static final String TOPIC = "lag-watched-jobs";

	static final String GROUP = "lag-watchers";

	@Autowired
	LagMonitor monitor;

	@Autowired
	MeterRegistry registry;

	@LocalServerPort
	int port;

	@Test
	void reportsMskLagFiguresWhileNoConsumerRunsAndSeesIdleMembers() throws Exception {
		String bootstrap = TestBroker.bootstrapServers();
		String topic = TOPIC;
		GroupMembers.createTopic(bootstrap, topic, 3);
		GroupMembers.fill(bootstrap, topic, 0, 10);
		GroupMembers.fill(bootstrap, topic, 1, 5);
		GroupMembers.commitAndLeave(bootstrap, GROUP, topic, Map.of(0, 4L, 1, 5L, 2, 0L));

		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			LagSnapshot lag = this.monitor.latest().orElseThrow();
			assertThat(lag.partitions()).extracting(LagSnapshot.PartitionLag::lag).containsExactly(6L, 0L, 0L);
			assertThat(lag.groupState()).isEqualTo("EMPTY");
		});
		LagSnapshot lag = this.monitor.latest().orElseThrow();
		assertThat(lag.sumOffsetLag()).isEqualTo(6);
		assertThat(lag.maxOffsetLag()).isEqualTo(6);
		assertThat(lag.meanJobSeconds()).as("no job done yet: nothing measured, nothing assumed").isNull();
		assertThat(lag.estimatedMaxTimeLagSeconds()).isNull();
		assertThat(lag.skew()).isEqualTo(3.0);
		// The oldest job still waiting is the one at partition 0's committed offset.
		assertThat(lag.partitions().get(0).oldestWaiting()).as("read from the record at offset 4").isNotNull();
		assertThat(lag.partitions().get(1).oldestWaiting()).as("nothing waits on partition 1").isNull();
		assertThat(lag.oldestWaitingSeconds()).isGreaterThanOrEqualTo(0);
		assertThat(this.registry.get("msk.consumer.lag.sum").tag("group", GROUP).gauge().value()).isEqualTo(6.0);
		assertThat(this.registry.get("msk.consumer.lag.partition").tag("partition", "0").gauge().value())
			.isEqualTo(6.0);
		assertThat(get("/actuator/prometheus"))
			.contains("msk_consumer_lag_sum{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\"} 6.0");
		assertThat(get("/msk-producer/status")).as("rendered on the server, before any script runs")
			.contains("<b id=\"sum-lag\">6</b>")
			.contains("<b id=\"time-lag\">measuring</b>")
			.contains("<b id=\"group\">" + GROUP + "</b>");

		List<KafkaConsumer<String, String>> members = List.of(GroupMembers.join(bootstrap, GROUP, topic),
				GroupMembers.join(bootstrap, GROUP, topic), GroupMembers.join(bootstrap, GROUP, topic),
				GroupMembers.join(bootstrap, GROUP, topic));
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

	private String get(String path) {
		return Http.to(this.port).get().uri(path).exchange().returnResult(String.class).getResponseBody();
	}

}
