package com.example.mskqueue.system.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.scaling.LagReading;
import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.Scaler;
import com.example.mskqueue.scaling.ScalingPolicy;
import com.example.mskqueue.scaling.WorkBasedPolicy;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;
import com.example.mskqueue.system.fleet.ServiceJar;

/**
 * How fast a backlog of slow jobs drains: P partitions x C consumer JVMs (the real
 * consumer jar) on a real broker, against the ideal
 * {@code max(sum of work / C, longest job)}; then the same backlog with a scaling policy
 * in the loop (consumers started as the policy asks, each JVM's start-up standing in for
 * a Fargate task's).
 */
final class DrainBenchmark {

	private static final Logger log = LoggerFactory.getLogger(DrainBenchmark.class);

	private DrainBenchmark() {
	}

	/**
	 * Group mode and queue mode side by side, 8 consumers, the same seeded jobs, one run:
	 * group mode and queue mode on the original 5 partitions, and queue mode on a single
	 * partition, which every member of the share group shares
	 * ({@code -Dbenchmark=modes}).
	 */
	static void modes() throws Exception {
		int jobs = Integer.getInteger("jobs", 600);
		Duration unit = Duration.ofMillis(Long.getLong("work.unit.ms", 20));
		int consumers = 8;
		Path dir = BenchSupport.workDir("modes-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			List<String> rows = new ArrayList<>();
			for (Map.Entry<String, Integer> layout : List.of(Map.entry("group", 5), Map.entry("queue", 5),
					Map.entry("queue", 1))) {
				rows.add(mode(dir, broker, cluster, layout.getKey(), layout.getValue(), consumers, jobs, unit));
				log.info("{}", rows.get(rows.size() - 1));
			}
			log.info(
					"""

							Group mode vs queue mode: {} jobs of 0..10 units (seeded), WORK_UNIT={} ms, {} consumers, one run
							| mode | partitions | drain | ideal | ratio | consumers that did work | jobs per consumer | members per partition | duplicates | lost |
							|---|---|---|---|---|---|---|---|---|---|
							{}
							""",
					jobs, unit.toMillis(), consumers, String.join("\n", rows));
		}
	}

	private static String mode(Path dir, LocalKafka broker, QueueProbe cluster, String mode, int partitions,
			int consumers, int count, Duration unit) throws Exception {
		String topic = "modes-" + mode + "-p" + partitions;
		String group = topic + "-group";
		boolean queue = "queue".equals(mode);
		cluster.createTopic(topic, partitions, Map.of());
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, group,
				unit.toMillis() + "ms",
				Map.of("CONSUMER_MODE", mode, "WORK_TOPIC_PARTITIONS", Integer.toString(partitions)))) {
			for (int i = 0; i < consumers; i++) {
				fleet.start();
			}
			// Every member in and assigned: a share group shares each partition among
			// ceil(members / partitions) members; a consumer group gives each partition
			// one.
			int assignments = queue ? partitions * ((consumers + partitions - 1) / partitions)
					: Math.min(partitions, consumers);
			BenchSupport.await("members assigned", Duration.ofMinutes(3),
					() -> (queue ? cluster.shareGroupMembersPerPartition(group + "-queue", topic)
						.values()
						.stream()
						.mapToInt(Integer::intValue)
						.sum() : cluster.membersWithPartitions(group)) >= assignments);
			Thread.sleep(3000);
			String sharing = queue ? cluster.shareGroupMembersPerPartition(group + "-queue", topic).values().toString()
					: "1 each (" + (consumers - Math.min(partitions, consumers)) + " members idle)";
			List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(count, 42);
			long work = jobs.stream().mapToLong(BenchSupport::seconds).sum();
			long longest = jobs.stream().mapToLong(BenchSupport::seconds).max().orElse(0);
			Instant start = Instant.now();
			List<String> acknowledged = cluster.send(topic, null, jobs);
			BenchSupport.await("drain", Duration.ofMinutes(30),
					() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			Duration drain = Duration.between(start, Instant.now());
			Duration ideal = unit.multipliedBy(Math.max((work + consumers - 1) / consumers, longest));
			JobLedger ledger = JobLedger.read(fleet.logs());
			LongSummaryStatistics perConsumer = ledger.jobsPerProcess()
				.values()
				.stream()
				.mapToLong(Long::longValue)
				.summaryStatistics();
			return "| %s | %d | %s | %s | %s | %d of %d | %d-%d | %s | %d | %d |".formatted(mode, partitions,
					BenchSupport.secondsOf(drain), BenchSupport.secondsOf(ideal),
					BenchSupport.format(drain.toMillis() / (double) ideal.toMillis()), ledger.jobsPerProcess().size(),
					consumers, (ledger.jobsPerProcess().size() < consumers) ? 0 : perConsumer.getMin(),
					perConsumer.getMax(), sharing, ledger.duplicates(), ledger.lost(acknowledged).size());
		}
	}

	static void run() throws Exception {
		int jobs = Integer.getInteger("jobs", 600);
		Duration unit = Duration.ofMillis(Long.getLong("work.unit.ms", 20));
		Path dir = BenchSupport.workDir("drain-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			List<String> rows = new ArrayList<>();
			for (int partitions : List.of(5, 10, 100)) {
				for (int consumers : List.of(1, 5, 8)) {
					rows.add(grid(dir, broker, cluster, partitions, consumers, jobs, unit));
					log.info("{}", rows.get(rows.size() - 1));
				}
			}
			log.info(
					"""

							Drain: {} jobs of 0..10 units (seeded), WORK_UNIT={} ms, group.protocol=consumer
							| partitions | consumers | drain | ideal | ratio | count std dev | idle consumers | duplicates | lost |
							|---|---|---|---|---|---|---|---|---|
							{}
							""",
					jobs, unit.toMillis(), String.join("\n", rows));

			loops(dir, broker, cluster, false);
		}
	}

	/**
	 * Both scaling policies in the loop, in group mode (5 partitions) and in queue mode
	 * (1 partition, work-based policy without the partition cap):
	 * {@code -Dbenchmark=policies}.
	 */
	static void policies() throws Exception {
		Path dir = BenchSupport.workDir("policies-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			loops(dir, broker, cluster, true);
		}
	}

	private static void loops(Path dir, LocalKafka broker, QueueProbe cluster, boolean withQueueMode) throws Exception {
		LoopTimes times = LoopTimes.of(Duration.ofMillis(100));
		int loopJobs = Integer.getInteger("loop.jobs", 300);
		// The consumer's AOT cache is recorded before the first row, not inside its first
		// start (18 s under load), which would count as a Fargate task's start.
		ServiceJar.consumer().command();
		List<String> loops = new ArrayList<>();
		for (int from : List.of(0, 1)) {
			for (boolean queue : withQueueMode ? List.of(false, true) : List.of(false)) {
				loops.add(loop(dir, broker, cluster, "original",
						new LagThresholdPolicy(from, 8, 0, times.scaleInAfter()), queue, loopJobs, times));
				loops.add(loop(dir, broker, cluster, "work-based",
						new WorkBasedPolicy(from, 8, times.target(), times.scaleInAfter(), !queue), queue, loopJobs,
						times));
			}
		}
		log.info(
				"""

						Policy in the loop, from zero and from one consumer (the policy's minimum): {} jobs (seeded, 0-10 units), group mode on 5 partitions, queue mode on 1,
						WORK_UNIT={} ms standing for 1 s; each policy run by the Scaler as the producer runs it (lag read every {} ms,
						median over {} ms, assumed job time 5 units until measured) and obeyed once per simulated evaluation period of
						{} ms (CloudWatch's 1 minute) at the most it asked for in that period; a consumer JVM's start stands in for a
						Fargate task's; scale-in after {} ms at zero lag; the work-based target (drain within) {} ms
						| policy | mode | from | first job started | of which deciding | of which starting | drain | wait p50 | wait p95 | most consumers | consumer-s until drained | consumer-s incl. scale-in | scaling actions |
						|---|---|---|---|---|---|---|---|---|---|---|---|---|
						{}
						""",
				loopJobs, times.unit().toMillis(), times.readEvery().toMillis(), times.smoothing().toMillis(),
				times.evaluation().toMillis(), times.scaleInAfter().toMillis(), times.target().toMillis(),
				String.join("\n", loops));
	}

	private static String grid(Path dir, LocalKafka broker, QueueProbe cluster, int partitions, int consumers,
			int count, Duration unit) throws Exception {
		String topic = "drain-p" + partitions + "-c" + consumers;
		cluster.createTopic(topic, partitions, Map.of());
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, topic + "-group",
				unit.toMillis() + "ms", Map.of())) {
			for (int i = 0; i < consumers; i++) {
				fleet.start();
			}
			int busy = Math.min(partitions, consumers);
			BenchSupport.await("members", Duration.ofMinutes(3),
					() -> cluster.membersWithPartitions(topic + "-group") >= busy);
			Thread.sleep(2000);
			int idle = consumers - cluster.membersWithPartitions(topic + "-group");
			List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(count, 42);
			long work = jobs.stream().mapToLong(BenchSupport::seconds).sum();
			long longest = jobs.stream().mapToLong(BenchSupport::seconds).max().orElse(0);
			Instant start = Instant.now();
			List<String> acknowledged = cluster.send(topic, null, jobs);
			BenchSupport.await("drain", Duration.ofMinutes(10),
					() -> BenchSupport.lagIsZero(cluster, topic + "-group", topic));
			Duration drain = Duration.between(start, Instant.now());
			Duration ideal = unit.multipliedBy(Math.max((work + consumers - 1) / consumers, longest));
			List<Long> perPartition = cluster.endOffsetsByPartition(topic);
			JobLedger ledger = JobLedger.read(fleet.logs());
			return "| %d | %d | %s | %s | %s | %s | %d | %d | %d |".formatted(partitions, consumers,
					BenchSupport.secondsOf(drain), BenchSupport.secondsOf(ideal),
					BenchSupport.format(drain.toMillis() / (double) ideal.toMillis()),
					BenchSupport.format(BenchSupport.standardDeviation(perPartition)), idle, ledger.duplicates(),
					ledger.lost(acknowledged).size());
		}
	}

	/**
	 * One policy drains one backlog from zero consumers: the Scaler reads the lag as the
	 * producer does, the loop acts as step scaling does (once per evaluation period, at
	 * the most the rule asked for in it), and each started consumer counts from its
	 * start.
	 */
	private static String loop(Path dir, LocalKafka broker, QueueProbe cluster, String name, ScalingPolicy policy,
			boolean queue, int count, LoopTimes times) throws Exception {
		String topic = "loop-" + name + (queue ? "-queue" : "") + "-from-" + policy.minWorkers();
		String group = topic + "-group";
		String shareGroup = group + "-queue";
		cluster.createTopic(topic, queue ? 1 : 5, Map.of());
		List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(count, 7);
		Map<String, String> mode = queue ? Map.of("CONSUMER_MODE", "queue", "WORK_TOPIC_PARTITIONS", "1") : Map.of();
		Scaler scaler = new Scaler(policy, times.smoothing(), times.unit().multipliedBy(5));
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, group,
				times.unit().toMillis() + "ms", mode)) {
			for (int i = 0; i < policy.minWorkers(); i++) {
				fleet.start();
			}
			if (policy.minWorkers() > 0) {
				BenchSupport.await("the minimum's members", Duration.ofMinutes(2),
						() -> queue ? !cluster.shareGroupMembersPerPartition(shareGroup, topic).isEmpty()
								: cluster.membersWithPartitions(group) >= 1);
			}
			Instant sent = Instant.now();
			cluster.send(topic, null, jobs);
			double consumerSeconds = 0;
			double untilDrained = -1;
			int most = policy.minWorkers();
			int actions = 0;
			Instant firstStarted = null;
			Instant drainedAt = null;
			Instant last = sent;
			Instant evaluated = sent;
			int askedInPeriod = 0;
			while (true) {
				Thread.sleep(times.readEvery().toMillis());
				Instant now = Instant.now();
				int running = fleet.running().size();
				consumerSeconds += running * Duration.between(last, now).toMillis() / 1000.0;
				last = now;
				long lag = queue ? cluster.shareGroupLag(shareGroup, topic) : cluster.lag(group, topic);
				int partitionsWithLag = queue ? ((lag > 0) ? 1 : 0) : cluster.partitionsWithLag(group, topic);
				if (lag == 0 && drainedAt == null) {
					drainedAt = now;
					untilDrained = consumerSeconds;
				}
				askedInPeriod = Math.max(askedInPeriod, scaler.desiredWorkers(
						new LagReading(now, lag, partitionsWithLag, meanJobTime(fleet, times.unit())), running));
				if (Duration.between(evaluated, now).compareTo(times.evaluation()) >= 0) {
					evaluated = now;
					if (askedInPeriod != running) {
						actions++;
						if (firstStarted == null && running == 0) {
							firstStarted = now;
						}
					}
					while (fleet.running().size() < askedInPeriod) {
						fleet.start();
					}
					while (fleet.running().size() > askedInPeriod) {
						fleet.running().get(fleet.running().size() - 1).terminate();
					}
					most = Math.max(most, fleet.running().size());
					if (drainedAt != null && askedInPeriod == policy.minWorkers()) {
						break;
					}
					askedInPeriod = 0;
				}
			}
			List<Duration> waits = waits(fleet, sent);
			Duration firstJob = waits.get(0);
			// Already running from one: no decision stands between the send and the first
			// job.
			Duration deciding = (firstStarted != null) ? Duration.between(sent, firstStarted) : Duration.ZERO;
			return "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %.0f | %.0f | %d |".formatted(name,
					queue ? "queue, 1 partition" : "group, 5 partitions", policy.minWorkers(),
					BenchSupport.secondsOf(firstJob), BenchSupport.secondsOf(deciding),
					BenchSupport.secondsOf(firstJob.minus(deciding)),
					BenchSupport.secondsOf(Duration.between(sent, drainedAt)),
					BenchSupport.secondsOf(waits.get(waits.size() / 2)),
					BenchSupport.secondsOf(waits.get((int) Math.ceil(waits.size() * 0.95) - 1)), most, untilDrained,
					consumerSeconds, actions);
		}
	}

	/**
	 * The mean job time of the jobs done so far, as the consumers measured it; null: none
	 * yet.
	 */
	private static Duration meanJobTime(ConsumerFleet fleet, Duration unit) {
		JobLedger ledger = JobLedger.read(fleet.logs());
		return ledger.rows().isEmpty() ? null
				: unit.multipliedBy(ledger.rows().stream().mapToLong(JobLedger.Row::seconds).sum())
					.dividedBy(ledger.rows().size());
	}

	/** Each job's wait, from the send to its first start, shortest first. */
	private static List<Duration> waits(ConsumerFleet fleet, Instant sent) {
		Map<String, Instant> firstStart = new HashMap<>();
		for (JobLedger.Row start : JobLedger.starts(fleet.logs())) {
			firstStart.merge(start.key(), start.time(), (a, b) -> a.isBefore(b) ? a : b);
		}
		return firstStart.values().stream().map((start) -> Duration.between(sent, start)).sorted().toList();
	}

	/**
	 * The loop's clock, in units of {@code WORK_UNIT} standing for seconds on AWS: the
	 * producer reads the lag every 5, smooths over 60, CloudWatch evaluates every 60,
	 * scale-in after 300 at zero, the wait target 300.
	 */
	record LoopTimes(Duration unit, Duration readEvery, Duration smoothing, Duration evaluation, Duration scaleInAfter,
			Duration target) {

		static LoopTimes of(Duration unit) {
			return new LoopTimes(unit, unit.multipliedBy(5), unit.multipliedBy(60), unit.multipliedBy(60),
					unit.multipliedBy(300), unit.multipliedBy(300));
		}

	}

}
