package com.example.mskqueue.system.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.scaling.Backlog;
import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.ScalingPolicy;
import com.example.mskqueue.scaling.WorkBasedPolicy;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;

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
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of())) {
			QueueProbe cluster = new QueueProbe(broker.bootstrapServers());
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
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of())) {
			QueueProbe cluster = new QueueProbe(broker.bootstrapServers());
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
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of())) {
			loops(dir, broker, new QueueProbe(broker.bootstrapServers()), true);
		}
	}

	private static void loops(Path dir, LocalKafka broker, QueueProbe cluster, boolean withQueueMode) throws Exception {
		Duration loopUnit = Duration.ofMillis(100);
		int loopJobs = Integer.getInteger("loop.jobs", 300);
		Duration scaleIn = loopUnit.multipliedBy(300);
		Duration target = loopUnit.multipliedBy(300);
		List<String> loops = new ArrayList<>(List.of(
				loop(dir, broker, cluster, "original", new LagThresholdPolicy(1, 8, 0, scaleIn), false, loopJobs,
						loopUnit),
				loop(dir, broker, cluster, "work-based", new WorkBasedPolicy(1, 8, target, scaleIn, true), false,
						loopJobs, loopUnit)));
		if (withQueueMode) {
			loops.add(loop(dir, broker, cluster, "original", new LagThresholdPolicy(1, 8, 0, scaleIn), true, loopJobs,
					loopUnit));
			loops.add(loop(dir, broker, cluster, "work-based", new WorkBasedPolicy(1, 8, target, scaleIn, false), true,
					loopJobs, loopUnit));
		}
		log.info(
				"""

						Policy in the loop: {} jobs, group mode on 5 partitions, queue mode on 1, WORK_UNIT={} ms (a JVM start, ~80 units,
						stands in for a Fargate start), scale-in after 300 units at zero lag, work-based target drain 300 units
						| policy | mode | drain | ideal at 8 consumers | most consumers | consumer-seconds until drained | consumer-seconds incl. scale-in |
						|---|---|---|---|---|---|---|
						{}
						""",
				loopJobs, loopUnit.toMillis(), String.join("\n", loops));
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

	private static String loop(Path dir, LocalKafka broker, QueueProbe cluster, String name, ScalingPolicy policy,
			boolean queue, int count, Duration unit) throws Exception {
		String topic = "loop-" + name + (queue ? "-queue" : "");
		String group = topic + "-group";
		String shareGroup = group + "-queue";
		int partitions = queue ? 1 : 5;
		cluster.createTopic(topic, partitions, Map.of());
		List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(count, 7);
		long work = jobs.stream().mapToLong(BenchSupport::seconds).sum();
		Duration meanJob = unit.multipliedBy(5);
		Map<String, String> mode = queue ? Map.of("CONSUMER_MODE", "queue", "WORK_TOPIC_PARTITIONS", "1") : Map.of();
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, group,
				unit.toMillis() + "ms", mode)) {
			fleet.start();
			BenchSupport.await("first member", Duration.ofMinutes(2),
					() -> queue ? !cluster.shareGroupMembersPerPartition(shareGroup, topic).isEmpty()
							: cluster.membersWithPartitions(group) >= 1);
			Instant start = Instant.now();
			cluster.send(topic, null, jobs);
			double consumerSeconds = 0;
			double untilDrained = -1;
			int most = 1;
			Instant drainedSince = null;
			Instant drainedAt = null;
			Instant last = Instant.now();
			while (true) {
				Thread.sleep(500);
				Instant now = Instant.now();
				int running = fleet.running().size();
				consumerSeconds += running * Duration.between(last, now).toMillis() / 1000.0;
				last = now;
				long lag = queue ? cluster.shareGroupLag(shareGroup, topic) : cluster.lag(group, topic);
				if (lag == 0 && drainedSince == null) {
					drainedSince = now;
					drainedAt = now;
					untilDrained = consumerSeconds;
				}
				else if (lag > 0) {
					drainedSince = null;
				}
				Duration drainedFor = (drainedSince != null) ? Duration.between(drainedSince, now) : Duration.ZERO;
				int partitionsWithLag = queue ? ((lag > 0) ? 1 : 0) : cluster.partitionsWithLag(group, topic);
				int desired = policy.desiredWorkers(new Backlog(lag, meanJob, partitionsWithLag, drainedFor), running);
				while (fleet.running().size() < desired) {
					fleet.start();
				}
				while (fleet.running().size() > desired) {
					fleet.running().get(fleet.running().size() - 1).terminate();
				}
				most = Math.max(most, fleet.running().size());
				if (drainedSince != null && desired <= policy.minWorkers()
						&& fleet.running().size() <= policy.minWorkers()) {
					break;
				}
			}
			Duration drain = Duration.between(start, drainedAt);
			Duration ideal = unit.multipliedBy(Math.max((work + 7) / 8, 10));
			return "| %s | %s | %s | %s | %d | %.0f | %.0f |".formatted(name,
					queue ? "queue, 1 partition" : "group, 5 partitions", BenchSupport.secondsOf(drain),
					BenchSupport.secondsOf(ideal), most, untilDrained, consumerSeconds);
		}
	}

}
