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
 * A task with more workers than its share group may hold (the test broker's
 * {@code group.share.max.size} is 4): the workers beyond the limit say so and are
 * counted, hold no job, and the others do every job once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FullShareGroupTests {

	static final String TOPIC = "full-share-group";

	@Test
	void workersBeyondAFullShareGroupAreLoggedAndCountedAndHoldNoJob(CapturedOutput output) throws Exception {
		try (Admin admin = TestBroker.admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=" + TOPIC,
				"jobs.workers=6", "jobs.work-unit=10ms")) {
			MeterRegistry registry = consumer.bean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> registry.get(ShareGroupCapacity.REFUSED_METRIC).gauge().value() == 2);

			List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				jobs.add(Map.entry("job-" + i, "1".getBytes(StandardCharsets.UTF_8)));
			}
			TestBroker.send(TOPIC, 0, jobs);

			await().atMost(Duration.ofSeconds(60)).until(() -> consumer.completedKeys().size() >= jobs.size());
			assertThat(consumer.completedKeys()).as("every job done once, by the workers the group holds")
				.containsExactlyInAnyOrderElementsOf(jobs.stream().map(Map.Entry::getKey).toList());
			assertThat(registry.get(ShareGroupCapacity.REFUSED_METRIC).gauge().value()).isEqualTo(2);
			assertThat(output.getOut().lines().filter((line) -> line.contains("A worker was refused by share group")))
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("group.share.max.size"));
		}
	}

}
