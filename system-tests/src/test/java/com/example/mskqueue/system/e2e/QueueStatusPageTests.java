package com.example.mskqueue.system.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

	// Its folder (broker data, consumer logs) is kept when a test fails.
	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("queue-status", TestBrokerSettings.SHORT_RECORD_LOCKS);

	/**
	 * The status page in queue mode, twice over with work units that differ by two: the
	 * members that share the partition are shown working, never idle, and the time
	 * estimate follows the work the consumers did (the values of the jobs they report
	 * done, times the work unit), with no assumed mean.
	 */
	@Test
	void theStatusPageShowsBusyMembersAndEstimatesFromTheMeasuredJobTime() throws Exception {
		JobTimes fast = measureJobTimes("queue-status-fast", Duration.ofMillis(100));
		JobTimes slow = measureJobTimes("queue-status-slow", Duration.ofMillis(200));

		log.info(
				"Queue mode status: mean job time shown {} s for {} s of work a job at WORK_UNIT 100 ms, {} s for {} s "
						+ "at 200 ms",
				"%.2f".formatted(fast.shown()), "%.2f".formatted(fast.worked()), "%.2f".formatted(slow.shown()),
				"%.2f".formatted(slow.worked()));
		// The jobs' values are random: compare each run with its own work. The estimate
		// is the drain's time per job, so it also holds what a job costs besides its
		// work (fetching, settling, renewing a lock): -6 % to +20 % in the runs so far.
		assertThat(fast.shown() / fast.worked()).as("shown over worked, WORK_UNIT 100 ms").isBetween(0.75, 1.5);
		assertThat(slow.shown() / slow.worked()).as("shown over worked, WORK_UNIT 200 ms").isBetween(0.75, 1.5);
		assertThat(slow.shown()).isGreaterThan(fast.shown());
	}

	private JobTimes measureJobTimes(String topic, Duration workUnit) throws Exception {
		kafka.probe().createTopic(topic, 1, Map.of());
		String group = topic + "-group";
		try (ConsumerFleet fleet = kafka.fleet(topic, workUnit.toMillis() + "ms", ConsumerFleet.QUEUE_MODE);
				ProducerProcess producer = ProducerProcess.start(kafka.workDir().resolve(topic + "-producer.log"),
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
			double worked = JobLedger.read(fleet.logs())
				.rows()
				.stream()
				.mapToDouble((row) -> row.seconds() * workUnit.toMillis() / 1000.0)
				.average()
				.orElseThrow();
			return new JobTimes(producer.status().path("lag").path("meanJobSeconds").asDouble(), worked);
		}
	}

	/**
	 * One run's job times.
	 *
	 * @param shown the mean job time on the status page once the backlog is done
	 * @param worked the mean work of the jobs the consumers report done
	 */
	private record JobTimes(double shown, double worked) {
	}

}
