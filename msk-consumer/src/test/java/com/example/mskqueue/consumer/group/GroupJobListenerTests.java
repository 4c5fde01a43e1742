package com.example.mskqueue.consumer.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.GroupModeTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@GroupModeTest
class GroupJobListenerTests {

	@Autowired
	CompletedJobs completed;

	@Test
	void processesEveryJobExactlyOnceAndCommitsUpToTheEndOfEachPartition() throws Exception {
		List<String> keys = IntStream.range(0, 30).mapToObj((i) -> UUID.randomUUID().toString()).toList();
		for (int partition = 0; partition < 3; partition++) {
			int from = partition * 10;
			TestBroker.send(GroupModeTest.TOPIC, partition, keys.subList(from, from + 10)
				.stream()
				.map((key) -> Map.entry(key, Integer.toString(key.hashCode() & 3).getBytes(StandardCharsets.UTF_8)))
				.toList());
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.completed.keys()).containsAll(keys));
		assertThat(this.completed.keys()).filteredOn(keys::contains).hasSize(30);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(TestBroker.lag(GroupModeTest.GROUP, GroupModeTest.TOPIC)).isZero());
		assertThat(this.completed.all()).filteredOn((job) -> keys.contains(job.key())).allSatisfy((job) -> {
			assertThat(job.seconds()).isBetween(0, 3);
			assertThat(job.ended()).isAfterOrEqualTo(job.started());
			assertThat(job.acknowledged()).isTrue();
		});
	}

}
