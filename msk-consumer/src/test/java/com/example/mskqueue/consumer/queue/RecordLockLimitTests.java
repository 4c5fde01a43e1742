package com.example.mskqueue.consumer.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long job at the start of its partition, with more short jobs behind it than the share
 * group's window holds (the test broker's {@code group.share.partition.max.record.locks}
 * is 100, the broker's least): the group hands out none of the jobs past the window until
 * the long one is settled. The consumer that holds the long job says so and counts it,
 * and once it is done the others go on: every job done once.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecordLockLimitTests {

	static final String TOPIC = "record-lock-limit";

	static final int WINDOW = 100;

	static final int SHORT_JOBS = 150;

	@Test
	void aLongJobHoldingAFullWindowIsLoggedAndCountedAndTheJobsBehindItRunOnceItIsDone(CapturedOutput output)
			throws Exception {
		try (Admin admin = TestBroker.admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		jobs.add(Map.entry("long", "10".getBytes(StandardCharsets.UTF_8)));
		for (int i = 1; i <= SHORT_JOBS; i++) {
			jobs.add(Map.entry("short-" + i, "0".getBytes(StandardCharsets.UTF_8)));
		}
		TestBroker.send(TOPIC, 0, jobs);

		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=" + TOPIC,
				"jobs.share-group=record-lock-limit", "jobs.workers=4", "jobs.work-unit=500ms",
				// Renewed every 2 s during the 5 s job: a 1 s lock (renewed every 500 ms)
				// expired in a 1.4 s pause of a loaded CI machine, and the job was done
				// twice.
				"jobs.queue.record-lock-duration=4s")) {
			MeterRegistry registry = consumer.bean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.get(RecordLockLimit.STALLS_METRIC).counter().count() == 1);
			assertThat(registry.get(RecordLockLimit.FULL_METRIC).gauge().value()).isEqualTo(1);

			await().atMost(Duration.ofSeconds(60)).until(() -> consumer.completedKeys().size() >= jobs.size());
			List<String> done = consumer.completedKeys();
			assertThat(done).as("every job done once")
				.containsExactlyInAnyOrderElementsOf(jobs.stream().map(Map.Entry::getKey).toList());
			assertThat(done.subList(0, done.indexOf("long")))
				.as("before the long job was done, only jobs within its window (offsets 1 to %d)", WINDOW - 1)
				.allSatisfy((key) -> assertThat(Integer.parseInt(key.substring("short-".length()))).isLessThan(WINDOW));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get(RecordLockLimit.FULL_METRIC).gauge().value() == 0);
			assertThat(registry.get(RecordLockLimit.STALLS_METRIC).counter().count()).isEqualTo(1);
			assertThat(output.getOut().lines().filter((line) -> line.contains("at the start of share group")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("key=long", "partition=0 offset=0",
						RecordLockLimit.BROKER_SETTING + "=" + WINDOW));
			assertThat(output.getOut()).contains("moves on: the job at offset 0");
		}
	}

}
