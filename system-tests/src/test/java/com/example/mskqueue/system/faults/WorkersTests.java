package com.example.mskqueue.system.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several workers in one consumer task ({@code WORKERS=4}), in both modes, with the
 * guarantees of one: a SIGKILL loses nothing and runs again at most the four jobs in
 * hand; a SIGTERM finishes the four jobs in hand and settles them, so that no other task
 * runs them again; the lag drains to 0; in group mode no two workers ever work one
 * partition at once.
 */
class WorkersTests {

	static final int WORKERS = 4;

	/** Partitions of the topic in group mode: two for each worker. */
	static final int GROUP_PARTITIONS = 8;

	/**
	 * Jobs on each partition: enough that each of the second task's workers still has
	 * work when the group has handed it its share (the first worker to join takes every
	 * partition, and works the first of them until the others are given theirs).
	 */
	static final int JOBS_PER_PARTITION = 8;

	// Its folder (broker data, consumer logs) is kept when a test fails.
	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("workers", TestBrokerSettings.fastGroupsAndShortLocks());

	@ParameterizedTest(name = "{0} mode")
	@ValueSource(strings = { "group", "queue" })
	void fourWorkersInOneTaskLoseNothingWhenKilledAndFinishTheirJobsWhenStopped(String mode) throws Exception {
		boolean queue = "queue".equals(mode);
		String topic = "workers-" + mode;
		int partitions = queue ? 1 : GROUP_PARTITIONS;
		kafka.probe().createTopic(topic, partitions, Map.of());
		Map<String, String> env = new HashMap<>(Map.of("WORKERS", Integer.toString(WORKERS)));
		if (queue) {
			env.putAll(ConsumerFleet.QUEUE_MODE);
		}
		try (ConsumerFleet fleet = kafka.fleet(topic, "200ms", env)) {
			List<String> acknowledged = new ArrayList<>();
			for (int partition = 0; partition < GROUP_PARTITIONS; partition++) {
				acknowledged.addAll(kafka.probe().send(topic, partition % partitions, randomJobs(JOBS_PER_PARTITION)));
			}

			// What was in hand is read from the job events afterwards: on a busy machine
			// a job can end between the look at the log and the signal.
			ConsumerFleet.Member killed = fleet.start();
			awaitJobsInHand(killed, WORKERS);
			killed.kill();
			List<JobLedger.Row> inHandAtKill = JobLedger.inHand(List.of(killed.log()));

			ConsumerFleet.Member stopped = fleet.start();
			awaitJobsInHand(stopped, WORKERS);
			Instant stoppedAt = Instant.now();
			Duration stop = stopped.terminate();
			List<JobLedger.Row> inHandAtStop = JobLedger.inHandAt(List.of(stopped.log()), stoppedAt);
			Set<String> doneByStopped = JobLedger.read(List.of(stopped.log()))
				.rows()
				.stream()
				.map(JobLedger.Row::position)
				.collect(Collectors.toSet());

			fleet.start();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			await().atMost(Duration.ofSeconds(30))
				.until(() -> (queue ? kafka.probe().shareGroupLag(topic + "-group-queue", topic)
						: kafka.probe().lag(topic + "-group", topic)) == 0);

			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("W. WORKERS=4, " + mode + " mode: SIGKILL with 4 in hand, then SIGTERM with 4 in hand",
					acknowledged.size(), ledger.rows().size(), ledger.lost(acknowledged).size(), ledger.duplicates(),
					stop, "in hand at the kill %d, at the stop %d".formatted(inHandAtKill.size(), inHandAtStop.size()));
			assertThat(inHandAtKill).as("jobs in hand at the kill").hasSizeBetween(WORKERS - 1, WORKERS);
			assertThat(inHandAtStop).as("jobs in hand at the stop").hasSizeBetween(WORKERS - 1, WORKERS);
			assertThat(ledger.lost(acknowledged)).isEmpty();
			assertThat(ledger.duplicates()).as("at most the jobs in hand at the kill run again")
				.isLessThanOrEqualTo(WORKERS);
			assertThat(doneByStopped).as("SIGTERM finishes every job in hand")
				.containsAll(inHandAtStop.stream().map(JobLedger.Row::position).toList());
			// After the stop only: the killed task may have done one of them before,
			// unsettled
			// (at most the jobs in hand at the kill run again).
			assertThat(ledger.rows()
				.stream()
				.filter((row) -> !row.process().equals(stopped.name()) && row.time().isAfter(stoppedAt)))
				.as("and settles them: no other task runs them again")
				.extracting(JobLedger.Row::position)
				.doesNotContainAnyElementsOf(inHandAtStop.stream().map(JobLedger.Row::position).toList());
			assertThat(stopped.process().process().exitValue()).as("128 + SIGTERM: a graceful stop").isEqualTo(143);
			assertThat(stop).as("the stop budget: the longest job (2 s) + 5 s to settle and leave, + the JVM's exit")
				.isLessThan(Duration.ofSeconds(10));
			if (!queue) {
				assertThat(overlappingJobsOfOnePartition(fleet)).as("two workers on one partition at once").isEmpty();
			}
		}
	}

	private static List<Map.Entry<String, byte[]>> randomJobs(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> Map.entry(UUID.randomUUID().toString(),
					Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)).getBytes(StandardCharsets.UTF_8)))
			.toList();
	}

	private static void awaitJobsInHand(ConsumerFleet.Member member, int jobs) {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
			int inHand = JobLedger.inHand(List.of(member.log())).size();
			assertThat(inHand).as("jobs in hand in one task").isLessThanOrEqualTo(WORKERS);
			return inHand == jobs;
		});
	}

	/**
	 * Pairs of jobs of the same partition whose run times overlap within one task: in
	 * group mode a partition is worked in order by one worker, so there must be none.
	 */
	private static List<String> overlappingJobsOfOnePartition(ConsumerFleet fleet) {
		Map<String, JobLedger.Row> done = new HashMap<>();
		JobLedger.read(fleet.logs()).rows().forEach((row) -> done.put(row.process() + "/" + row.position(), row));
		Map<String, List<JobLedger.Row[]>> runsByPartition = new HashMap<>();
		for (JobLedger.Row start : JobLedger.starts(fleet.logs())) {
			JobLedger.Row end = done.get(start.process() + "/" + start.position());
			if (end != null) {
				runsByPartition.computeIfAbsent(start.process() + "/" + start.partition(), (key) -> new ArrayList<>())
					.add(new JobLedger.Row[] { start, end });
			}
		}
		List<String> overlaps = new ArrayList<>();
		for (List<JobLedger.Row[]> runs : runsByPartition.values()) {
			runs.sort((a, b) -> a[0].time().compareTo(b[0].time()));
			for (int i = 1; i < runs.size(); i++) {
				if (runs.get(i)[0].time().isBefore(runs.get(i - 1)[1].time())) {
					overlaps.add(runs.get(i - 1)[0].position() + " and " + runs.get(i)[0].position() + " by "
							+ runs.get(i - 1)[1].thread() + " and " + runs.get(i)[1].thread());
				}
			}
		}
		return overlaps;
	}

}
