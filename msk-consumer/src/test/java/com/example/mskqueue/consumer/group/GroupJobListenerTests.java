package com.example.mskqueue.consumer.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.KafkaTestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "jobs.topic=group-jobs", "jobs.partitions=3", "jobs.work-unit=10ms",
		"spring.kafka.consumer.group-id=group-jobs-test" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(CompletedJobs.class)
class GroupJobListenerTests {

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	CompletedJobs completed;

	@Test
	void processesEveryJobExactlyOnceAndCommitsUpToTheEndOfEachPartition() throws Exception {
		List<String> keys = IntStream.range(0, 30).mapToObj((i) -> UUID.randomUUID().toString()).toList();
		for (int partition = 0; partition < 3; partition++) {
			int from = partition * 10;
			KafkaTestClients.send(this.broker.getBrokersAsString(), "group-jobs", partition,
					keys.subList(from, from + 10)
						.stream()
						.map((key) -> Map.entry(key, Integer.toString(key.hashCode() & 3).getBytes(StandardCharsets.UTF_8)))
						.toList());
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.completed.keys()).hasSize(30));
		assertThat(this.completed.keys()).containsExactlyInAnyOrderElementsOf(keys);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					KafkaTestClients.lag(this.broker.getBrokersAsString(), "group-jobs-test", "group-jobs"))
				.containsOnly(Map.entry(0, 0L), Map.entry(1, 0L), Map.entry(2, 0L)));
		assertThat(this.completed.all()).allSatisfy((job) -> {
			assertThat(job.seconds()).isBetween(0, 3);
			assertThat(job.ended()).isAfterOrEqualTo(job.started());
		});
	}

}
