package com.example.mskqueue.consumer.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.utils.KafkaTestUtils;

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

	@Test
	void aJobWrittenInATransactionIsDoneAndLeavesNoLagBehindItsCommitMarker() throws Exception {
		String key = UUID.randomUUID().toString();
		Map<String, Object> config = KafkaTestUtils.producerProps(TestBroker.bootstrapServers());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "redrive-like-" + key);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(GroupModeTest.TOPIC, 1, key, "1".getBytes(StandardCharsets.UTF_8)));
			producer.commitTransaction();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.completed.keys().contains(key));
		// The marker takes the offset after the job: without committing past it, the
		// partition's lag would stay at 1 and lag-based scaling would never scale in.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(TestBroker.lag(GroupModeTest.GROUP, GroupModeTest.TOPIC)).isZero());
	}

}
