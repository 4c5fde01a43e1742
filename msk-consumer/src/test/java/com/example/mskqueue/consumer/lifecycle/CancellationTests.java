package com.example.mskqueue.consumer.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch cancellations as a consumer honours them, on the module's broker: the jobs of a
 * cancelled batch are settled without being run, recorded as cancelled on the lifecycle
 * topic (never dead-lettered, even when their value is not a job), and a cancellation
 * that asks for it interrupts a running job of the batch.
 */
@GroupModeTest
class CancellationTests {

	@Autowired
	CompletedJobs completed;

	@Autowired
	Cancellations cancellations;

	@Test
	void jobsOfACancelledBatchAreSettledWithoutBeingRunAndRecordedAsCancelled() throws Exception {
		String cancelledBatch = UUID.randomUUID().toString();
		String otherBatch = UUID.randomUUID().toString();
		cancel(GroupModeTest.TOPIC, cancelledBatch, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.cancellations.isCancelled(cancelledBatch));
		List<String> cancelledKeys = keys(4);
		List<String> otherKeys = keys(2);

		send(GroupModeTest.TOPIC, cancelledBatch, cancelledKeys, "1");
		send(GroupModeTest.TOPIC, cancelledBatch, List.of("not-a-job-" + cancelledBatch), "x");
		send(GroupModeTest.TOPIC, otherBatch, otherKeys, "1");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.completed.keys()).containsAll(cancelledKeys)
				.containsAll(otherKeys)
				.contains("not-a-job-" + cancelledBatch));
		assertThat(this.completed.all()).filteredOn((job) -> cancelledKeys.contains(job.key())).allSatisfy((job) -> {
			assertThat(job.cancelled()).isTrue();
			assertThat(job.started()).as("never started").isNull();
			assertThat(job.acknowledged()).isTrue();
		});
		assertThat(this.completed.all()).filteredOn((job) -> otherKeys.contains(job.key()))
			.allSatisfy((job) -> assertThat(job.cancelled()).isFalse());
		assertThat(TestBroker.records(GroupModeTest.TOPIC + "-dlt"))
			.noneMatch((record) -> ("not-a-job-" + cancelledBatch).equals(record.key()));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(lastStates(GroupModeTest.TOPIC, cancelledKeys)).containsOnly(JobState.CANCELLED);
			assertThat(lastStates(GroupModeTest.TOPIC, otherKeys)).containsOnly(JobState.DONE);
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(TestBroker.lag(GroupModeTest.GROUP, GroupModeTest.TOPIC)).isZero());
	}

	@Test
	void aCancellationThatAsksForItInterruptsTheBatchsRunningJob() throws Exception {
		String topic = "interrupted-jobs";
		String batch = UUID.randomUUID().toString();
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=" + topic,
				"spring.kafka.consumer.group-id=interrupting", "jobs.work-unit=3s",
				"jobs.queue.record-lock-duration=15s")) {
			send(topic, batch, List.of("long-job"), "10");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> lastStates(topic, List.of("long-job")).contains(JobState.STARTED));
			Instant cancelledAt = Instant.now();

			cancel(topic, batch, true);

			// A 30 s job, so that a loaded machine's slow reads of the lifecycle topic
			// before the cancellation still leave most of it to interrupt.
			await().atMost(Duration.ofSeconds(40)).until(() -> consumer.completedKeys().contains("long-job"));
			assertThat(lastStates(topic, List.of("long-job"))).containsExactly(JobState.CANCELLED);
			JobEvent cancelled = steps(topic, "long-job").get(steps(topic, "long-job").size() - 1);
			assertThat(cancelled.runMillis()).as("interrupted, not run to its end (30 s)").isLessThan(27_000);
			assertThat(cancelled.at()).isAfterOrEqualTo(cancelledAt.minusSeconds(1));
		}
	}

	private static List<String> keys(int count) {
		return IntStream.range(0, count).mapToObj((i) -> UUID.randomUUID().toString()).toList();
	}

	private static List<JobState> lastStates(String topic, List<String> keys) {
		return keys.stream().map((key) -> {
			List<JobEvent> steps = steps(topic, key);
			return steps.isEmpty() ? null : steps.get(steps.size() - 1).state();
		}).toList();
	}

	private static List<JobEvent> steps(String topic, String key) {
		return TestBroker.records(QueueTopics.lifecycleTopicOf(topic), key)
			.stream()
			.map(ConsumerRecord::value)
			.map(JobEvents::fromJson)
			.flatMap(java.util.Optional::stream)
			.toList();
	}

	private static void cancel(String topic, String batch, boolean interruptRunning) throws Exception {
		BatchCancellation cancellation = new BatchCancellation(batch, Instant.now(), interruptRunning);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			producer
				.send(new ProducerRecord<>(QueueTopics.controlTopicOf(topic), cancellation.key(),
						cancellation.toJson()))
				.get(30, TimeUnit.SECONDS);
		}
	}

	private static void send(String topic, String batch, List<String> keys, String value) throws Exception {
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (String key : keys) {
				ProducerRecord<String, byte[]> job = new ProducerRecord<>(topic, key,
						value.getBytes(StandardCharsets.UTF_8));
				job.headers().add(JobHeaders.BATCH_ID, batch.getBytes(StandardCharsets.UTF_8));
				producer.send(job).get(30, TimeUnit.SECONDS);
			}
		}
	}

	private static KafkaProducer<String, byte[]> producer() {
		Map<String, Object> config = KafkaTestUtils.producerProps(TestBroker.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(config);
	}

}
