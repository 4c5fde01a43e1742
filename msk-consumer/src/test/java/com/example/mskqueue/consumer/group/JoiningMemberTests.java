package com.example.mskqueue.consumer.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.utils.KafkaTestUtils;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that joins the group while a worker is in a job gets its share of the
 * partitions without waiting for the worker's jobs (issue 23: it waited two to three of
 * them). The brokers' uniform assignor lets a member keep its lowest partitions, so of
 * the worker's two partitions 0 stays and 1 moves: with the job in hand on partition 0
 * the joiner is served while that job runs; with it on partition 1 the job is finished
 * and committed first, and the joiner starts after it, never running it again. The groups
 * here heartbeat every second (5 s by default), so that jobs of a few seconds tell a
 * joiner served within a heartbeat or two from one served after the job.
 */
class JoiningMemberTests {

	/**
	 * Jobs in hand of 6 s: a joiner served within two heartbeats is served mid-job. Most
	 * jobs behind them take no time, so that the worker stops soon.
	 */
	private static final String WORK_UNIT = "jobs.work-unit=600ms";

	private static final Duration HEARTBEAT = Duration.ofSeconds(1);

	@Test
	void aMemberThatJoinsMidJobGetsThePartitionsNotInHandBeforeThatJobEnds() throws Exception {
		String topic = "joining-mid-job";
		try (RunningConsumer worker = startWorker(topic)) {
			String inHand = startJobInHand(topic, 0);
			String waiting = key("waiting");
			TestBroker.send(topic, 1, List.of(job(waiting, 0)));
			TestBroker.send(topic, 0, List.of(job(key("next-on-0"), 0)));

			try (Joiner joiner = new Joiner(topic)) {
				ConsumerRecord<String, byte[]> first = joiner.firstRecord();
				assertThat(first.key()).isEqualTo(waiting);
				assertThat(worker.completedKeys()).as("jobs the worker finished before the joiner got work").isEmpty();
			}
		}
	}

	@Test
	void aPartitionWhoseJobIsInHandMovesRightAfterThatJobIsCommittedAndItIsNotRunAgain() throws Exception {
		String topic = "joining-on-job-in-hand";
		try (RunningConsumer worker = startWorker(topic)) {
			String inHand = startJobInHand(topic, 1);
			String next = key("next-on-1");
			TestBroker.send(topic, 1, List.of(job(next, 0)));
			// Long enough that the worker is still in it when the joiner is served.
			String nextOnZero = key("next-on-0");
			TestBroker.send(topic, 0, List.of(job(nextOnZero, 10)));

			try (Joiner joiner = new Joiner(topic)) {
				ConsumerRecord<String, byte[]> first = joiner.firstRecord();
				assertThat(first.key()).as("the joiner's first job: the one after the job in hand").isEqualTo(next);
				assertThat(worker.completedKeys()).as("jobs the worker finished before the joiner got work")
					.containsExactly(inHand);
			}
		}
	}

	private static RunningConsumer startWorker(String topic) throws Exception {
		try (Admin admin = TestBroker.admin()) {
			admin
				.incrementalAlterConfigs(
						Map.of(new ConfigResource(ConfigResource.Type.GROUP, topic),
								List.of(new AlterConfigOp(new ConfigEntry("consumer.heartbeat.interval.ms",
										Long.toString(HEARTBEAT.toMillis())), AlterConfigOp.OpType.SET))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		return RunningConsumer.start("jobs.mode=group", "jobs.topic=" + topic, "jobs.partitions=2",
				"jobs.consumer-group=" + topic, WORK_UNIT);
	}

	private static String key(String name) {
		return name + "-" + UUID.randomUUID();
	}

	private static Map.Entry<String, byte[]> job(String key, int units) {
		return Map.entry(key, Integer.toString(units).getBytes(StandardCharsets.UTF_8));
	}

	/** Send a 10-unit job to the partition and wait until the worker has started it. */
	private static String startJobInHand(String topic, int partition) throws Exception {
		String key = key("in-hand");
		TestBroker.send(topic, partition, List.of(job(key, 10)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> TestBroker.records(QueueTopics.lifecycleTopicOf(topic), key)
				.stream()
				.anyMatch((record) -> JobEvents.fromJson(record.value())
					.filter((event) -> event.state() == JobState.STARTED)
					.isPresent()));
		return key;
	}

	/** A second member of the worker's group that only looks at what it is given. */
	private static final class Joiner implements AutoCloseable {

		private final KafkaConsumer<String, byte[]> consumer;

		Joiner(String topic) {
			Map<String, Object> config = KafkaTestUtils.consumerProps(TestBroker.bootstrapServers(), topic, false);
			config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase());
			config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			config.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
			config.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
			this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
			this.consumer.subscribe(List.of(topic));
		}

		/**
		 * Its first record, polled for at most a job and three heartbeats: less than the
		 * two jobs the worker took to let go before.
		 */
		ConsumerRecord<String, byte[]> firstRecord() {
			long deadline = System.nanoTime() + Duration.ofSeconds(9).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
					return record;
				}
			}
			throw new AssertionError("The joining member got no job within 9 s: " + this.consumer.assignment());
		}

		@Override
		public void close() {
			this.consumer.close();
		}

	}

}
