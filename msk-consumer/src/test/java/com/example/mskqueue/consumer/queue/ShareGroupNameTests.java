package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without {@code SHARE_GROUP}, queue mode joins the share group named after the consumer
 * group, as the job contract names it (and as the producer watches it).
 */
class ShareGroupNameTests {

	@Test
	void aQueueModeConsumerWithoutAShareGroupSettingJoinsTheConsumerGroupsQueue() throws Exception {
		RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=named-jobs",
				"jobs.consumer-group=named", "jobs.queue.record-lock-duration=15s");
		try (var admin = TestBroker.admin()) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						admin.describeShareGroups(List.of("named-queue")).all().get().get("named-queue").members())
					.hasSize(1));
		}
		finally {
			consumer.close();
		}
	}

}
