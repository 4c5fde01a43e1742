package com.example.mskqueue.system.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer's status page watching a share group (queue mode) that real consumer jars
 * work through.
 */
class QueueStatusPageTests {

	private static final Logger log = LoggerFactory.getLogger(QueueStatusPageTests.class);

	// Kept when a test fails: the consumers' logs say why.
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	static Path workDir;

	static SuiteBroker kafka;

	@BeforeAll
	static void startBroker() throws Exception {
		kafka = SuiteBroker.start(workDir, TestBrokerSettings.SHORT_RECORD_LOCKS);
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (kafka != null) {
			kafka.close();
		}
	}

	/**
	 * The status page in queue mode, twice over with work units that differ by two: the
	 * members that share the partition are shown working, never idle, and the time
	 * estimate follows the job times measured from the consumers' completions (no assumed
	 * mean).
	 */
	@Test
	void theStatusPageShowsBusyMembersAndEstimatesFromTheMeasuredJobTime() throws Exception {
		double fast = measuredMeanJobSeconds("queue-status-fast", "100ms");
		double slow = measuredMeanJobSeconds("queue-status-slow", "200ms");

		log.info("Queue mode status: mean job time measured {} s at WORK_UNIT 100 ms, {} s at 200 ms (jobs of 0-10 "
				+ "units, mean 5 units: 0.5 s and 1.0 s)", "%.2f".formatted(fast), "%.2f".formatted(slow));
		assertThat(fast).as("mean of 0..10 units of 100 ms").isBetween(0.25, 1.0);
		assertThat(slow / fast).as("twice the work unit, twice the measured job time").isBetween(1.4, 2.8);
	}

	private double measuredMeanJobSeconds(String topic, String workUnit) throws Exception {
		kafka.probe().createTopic(topic, 1, Map.of());
		String group = topic + "-group";
		try (ConsumerFleet fleet = kafka.fleet(topic, workUnit, ConsumerFleet.QUEUE_MODE);
				ProducerProcess producer = ProducerProcess.start(workDir.resolve(topic + "-producer.log"),
						kafka.bootstrapServers(), Map.of("WORK_TOPIC", topic, "CONSUMER_MODE", "queue",
								"CONSUMER_GROUP", group, "LAG_INTERVAL", "1s"))) {
			fleet.start();
			fleet.start();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> JobLedger.count(fleet.logs(), "Started MskConsumerApplication") == 2);
			kafka.probe().sendJobs(topic, 60);
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
				JsonNode status = producer.status();
				assertThat(status.path("sumOffsetLag").asLong()).as("jobs still queued").isPositive();
				assertThat(status.path("lag").path("members").size()).isEqualTo(2);
				assertThat(status.path("idleMembers").size()).as("members sharing the partition are not idle").isZero();
				assertThat(status.path("lag").path("meanJobSeconds").isNumber()).as("a job time measured").isTrue();
			});
			assertThat(producer.get("/msk-producer/status").body()).doesNotContain("none (idle)");
			await().atMost(Duration.ofSeconds(60)).until(() -> producer.status().path("sumOffsetLag").asLong() == 0);
			return producer.status().path("lag").path("meanJobSeconds").asDouble();
		}
	}

}
