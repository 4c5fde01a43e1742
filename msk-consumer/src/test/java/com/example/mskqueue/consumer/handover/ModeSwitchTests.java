package com.example.mskqueue.consumer.handover;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Switching {@code CONSUMER_MODE} continues the work instead of replaying the topic: the
 * share group starts where the consumer group stopped, and back again. Each mode runs as
 * the real application on a real broker, one after the other, as a redeployment would.
 */
class ModeSwitchTests {

	@Test
	void eachModeDoesExactlyTheJobsSentAfterItTookOver() throws Exception {
		Modes modes = new Modes("switching");
		try (RunningConsumer groupMode = RunningConsumer.start(modes.group())) {
			List<String> first = modes.send(100);
			awaitDone(groupMode, first);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> TestBroker.lag(modes.consumerGroup(), modes.topic()) == 0);
		}

		try (RunningConsumer queueMode = RunningConsumer.start(modes.queue())) {
			List<String> second = modes.send(20);
			awaitDone(queueMode, second);
			assertExactly(queueMode, second);
		}

		try (RunningConsumer groupModeAgain = RunningConsumer.start(modes.group())) {
			List<String> third = modes.send(10);
			awaitDone(groupModeAgain, third);
			assertExactly(groupModeAgain, third);
		}
	}

	@Test
	void jobsQueuedWhileNoModeRunsAreAllDoneAndAtMostOneSettledJobPerPartitionAgain() throws Exception {
		Modes modes = new Modes("switching-queued");
		try (RunningConsumer groupMode = RunningConsumer.start(modes.group())) {
			awaitDone(groupMode, modes.send(20));
		}
		List<String> queuedForQueueMode = modes.send(10);
		try (RunningConsumer queueMode = RunningConsumer.start(modes.queue())) {
			awaitDone(queueMode, queuedForQueueMode);
			assertExactly(queueMode, queuedForQueueMode);
		}
		List<String> queuedForGroupMode = modes.send(10);
		try (RunningConsumer groupModeAgain = RunningConsumer.start(modes.group())) {
			awaitDone(groupModeAgain, queuedForGroupMode);
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(groupModeAgain.completedKeys()).containsAll(queuedForGroupMode);
				assertThat(groupModeAgain.completedKeys()).filteredOn((key) -> !queuedForGroupMode.contains(key))
					.as("done again: the share group's last settled job of each partition")
					.hasSizeLessThanOrEqualTo(2)
					.allMatch(queuedForQueueMode::contains);
			});
		}
	}

	private static void awaitDone(RunningConsumer consumer, List<String> keys) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(consumer.completedKeys()).containsAll(keys));
	}

	private static void assertExactly(RunningConsumer consumer, List<String> keys) {
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(consumer.completedKeys()).containsExactlyInAnyOrderElementsOf(keys));
	}

	/**
	 * One topic on 2 partitions, worked by the consumer group and the share group in
	 * turn.
	 */
	private record Modes(String name) {

		String topic() {
			return this.name + "-jobs";
		}

		String consumerGroup() {
			return this.name;
		}

		String[] group() {
			return new String[] { "jobs.mode=group", "jobs.topic=" + topic(), "jobs.partitions=2",
					"spring.kafka.consumer.group-id=" + consumerGroup(), "jobs.share-group=" + this.name + "-queue" };
		}

		String[] queue() {
			return new String[] { "jobs.mode=queue", "jobs.topic=" + topic(), "jobs.partitions=2",
					"spring.kafka.consumer.group-id=" + consumerGroup(), "jobs.share-group=" + this.name + "-queue",
					"jobs.queue.record-lock-duration=15s" };
		}

		/** Send {@code count} one-unit jobs, half to each partition. */
		List<String> send(int count) throws Exception {
			List<String> keys = IntStream.range(0, count).mapToObj((i) -> UUID.randomUUID().toString()).toList();
			for (int partition = 0; partition < 2; partition++) {
				int from = partition * count / 2;
				TestBroker.send(topic(), partition,
						keys.subList(from, from + count / 2)
							.stream()
							.map((key) -> Map.entry(key, "1".getBytes(StandardCharsets.UTF_8)))
							.toList());
			}
			return keys;
		}

	}

}
