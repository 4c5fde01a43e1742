package com.example.mskqueue.consumer.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where an operator configures the share group ({@code CONFIGURE_SHARE_GROUP=false}), the
 * group's record lock is the broker's word, whatever {@code RECORD_LOCK_DURATION} says:
 * the consumer renews a running job's lock on the lock the broker reports, so that a
 * shorter group lock does not expire under a job and hand it to a second worker.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorSetLockTests {

	static final String TOPIC = "operator-set-lock";

	static final String SHARE_GROUP = "operator-set-lock-share";

	@Test
	void aJobUnderAGroupLockShorterThanTheConsumersSettingIsRenewedInTimeAndDoneOnce(CapturedOutput output)
			throws Exception {
		try (Admin admin = TestBroker.admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, SHARE_GROUP);
			admin
				.incrementalAlterConfigs(
						Map.of(group,
								List.of(set(ShareGroupSetup.AUTO_OFFSET_RESET, "earliest"),
										set(ShareGroupSetup.RECORD_LOCK_DURATION, "6000"))))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		// The consumer believes in a 20 s lock (renewal after 10 s); the group's is 6 s.
		// Two workers: the second takes the job if the first lets its lock expire.
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=" + TOPIC,
				"jobs.share-group=" + SHARE_GROUP, "jobs.queue.configure-group=false",
				"jobs.queue.record-lock-duration=20s", "jobs.workers=2", "jobs.work-unit=900ms")) {
			TestBroker.send(TOPIC, 0, List.of(Map.entry("under-a-shorter-group-lock", bytes("10"))));

			await().atMost(Duration.ofSeconds(60))
				.until(() -> consumer.completedKeys().contains("under-a-shorter-group-lock"));
			// Done once, and not again after the group's lock would have run out.
			await().during(Duration.ofSeconds(8))
				.atMost(Duration.ofSeconds(10))
				.until(() -> consumer.completedKeys().equals(List.of("under-a-shorter-group-lock")));
			assertThat(output).contains("still running: record lock renewed (every 3000 ms)")
				.doesNotContain("Could not renew the record lock")
				.doesNotContain(RefusedAcknowledgements.REFUSED);
		}
	}

	private static AlterConfigOp set(String name, String value) {
		return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
