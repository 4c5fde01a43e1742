package com.example.mskqueue.system.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * The original notes' experiments, reproduced on a real broker with the real jars:
 * partition count vs skew, {@code earliest} vs {@code latest}, and committed offsets of
 * an empty group past {@code offsets.retention.minutes}, with and without the offsets
 * keeper.
 */
final class Experiments {

	private static final Logger log = LoggerFactory.getLogger(Experiments.class);

	private Experiments() {
	}

	static void run() throws Exception {
		Path dir = BenchSupport.workDir("experiments");
		try (LocalKafka broker = BenchSupport.broker(dir.resolve("a"), Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			skew(cluster);
			offsetReset(dir, broker, cluster);
		}
		retention(dir);
	}

	private static void skew(QueueProbe cluster) throws Exception {
		int jobs = Integer.getInteger("skew.jobs", 1000);
		List<String> rows = new ArrayList<>();
		Map<Integer, Integer> theirs = Map.of(5, 27, 10, 13, 100, 15);
		for (int partitions : List.of(5, 10, 100)) {
			List<Double> deviations = new ArrayList<>();
			for (int run = 0; run < 5; run++) {
				String topic = "skew-p" + partitions + "-" + run;
				cluster.createTopic(topic, partitions, Map.of());
				cluster.send(topic, null, BenchSupport.jobs(jobs, 1000L * partitions + run));
				deviations.add(BenchSupport.standardDeviation(cluster.endOffsetsByPartition(topic)));
			}
			double expected = Math.sqrt(jobs * (1.0 / partitions) * (1 - 1.0 / partitions));
			rows.add("| %d | %d | %s | %s | %s | %d |".formatted(partitions, jobs / partitions,
					BenchSupport.format(deviations.stream().mapToDouble(Double::doubleValue).average().orElse(0)),
					deviations.stream().map(BenchSupport::format).toList(), BenchSupport.format(expected),
					theirs.get(partitions)));
		}
		log.info(
				"""

						Skew: {} jobs with random UUID keys (the producer's) per run, 5 runs per partition count
						| partitions | mean jobs per partition | std dev of per-partition counts (mean of 5) | each run | binomial expectation sqrt(N p (1-p)) | original's figure |
						|---|---|---|---|---|---|
						{}
						""",
				jobs, String.join("\n", rows));
	}

	private static void offsetReset(Path dir, LocalKafka broker, QueueProbe cluster) throws Exception {
		List<String> rows = new ArrayList<>();
		for (String reset : List.of("earliest", "latest")) {
			String topic = "reset-" + reset;
			cluster.createTopic(topic, 5, Map.of());
			cluster.send(topic, null, zeroJobs("before-", 100));
			try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, topic + "-group", "1ms",
					Map.of("AUTO_OFFSET_RESET", reset))) {
				fleet.start();
				BenchSupport.await("member", Duration.ofMinutes(2),
						() -> cluster.membersWithPartitions(topic + "-group") >= 1);
				Thread.sleep(3000);
				cluster.send(topic, null, zeroJobs("after-", 5));
				BenchSupport.await("the 5 later jobs", Duration.ofMinutes(1),
						() -> JobLedger.read(fleet.logs())
							.keys()
							.stream()
							.filter((key) -> key.startsWith("after-"))
							.count() == 5);
				Thread.sleep(2000);
				rows.add("| %s | %d | %d |".formatted(reset, JobLedger.read(fleet.logs()).keys().size(),
						"earliest".equals(reset) ? 105 : 5));
			}
		}
		log.info("""

				auto.offset.reset: 100 jobs queued before the group's first consumer starts, then 5 more
				| auto.offset.reset | jobs processed (ours) | jobs processed (original) |
				|---|---|---|
				{}
				""", String.join("\n", rows));
	}

	private static void retention(Path dir) throws Exception {
		Map<String, String> fastExpiry = Map.of("offsets.retention.minutes", "1", "offsets.retention.check.interval.ms",
				"2000");
		try (LocalKafka broker = BenchSupport.broker(dir.resolve("b"), fastExpiry);
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			String topic = "retention";
			cluster.createTopic(topic, 2, Map.of());
			cluster.send(topic, null, zeroJobs("first-", 10));
			List<String> groups = List.of("kept-earliest", "unkept-earliest", "unkept-latest");
			for (String group : groups) {
				drainOnce(dir, broker, cluster, topic, group, "earliest", "first-");
			}
			int port = FreePorts.next();
			try (JavaProcess keeper = JavaProcess
				.start("msk-producer-keeper", List.of("-Xmx256m"),
						List.of("-jar", System.getProperty("producer.jar"), "--server.port=" + port),
						Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "WORK_TOPIC", topic,
								"CONSUMER_GROUP", "kept-earliest", "OFFSETS_KEEPER_INTERVAL", "15s"),
						dir.resolve("keeper.log"))) {
				Thread.sleep(Duration.ofMinutes(3).toMillis());
				if (!keeper.isAlive()) {
					throw new IllegalStateException(
							"The producer (the offsets keeper) exited; see " + dir.resolve("keeper.log"));
				}
				cluster.send(topic, null, zeroJobs("second-", 5));
				List<String> rows = new ArrayList<>();
				for (String group : groups) {
					boolean kept = !cluster.committedPartitions(group).isEmpty();
					String reset = group.endsWith("latest") ? "latest" : "earliest";
					int processed = drainOnce(dir, broker, cluster, topic, group + "-again", reset, "", group);
					rows.add("| %s | %s | %s | %d of 15 |".formatted(group.startsWith("kept") ? "on" : "off",
							kept ? "kept" : "expired", reset, processed));
				}
				log.info(
						"""

								Offsets retention: offsets.retention.minutes=1; each group did 10 jobs and stayed empty for 3 minutes; then 5 more jobs and a consumer restart
								| keeper | committed offsets after 3 min | auto.offset.reset | jobs done on restart |
								|---|---|---|---|
								{}
								""",
						String.join("\n", rows));
			}
		}
	}

	private static int drainOnce(Path dir, LocalKafka broker, QueueProbe cluster, String topic, String group,
			String reset, String keyPrefix) throws Exception {
		return drainOnce(dir, broker, cluster, topic, group, reset, keyPrefix, group);
	}

	/**
	 * Run one consumer of {@code group} until the group has no lag left (or 15 s pass),
	 * then stop it; returns the jobs it did.
	 */
	private static int drainOnce(Path dir, LocalKafka broker, QueueProbe cluster, String topic, String logName,
			String reset, String keyPrefix, String group) throws Exception {
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic + "-" + logName, group,
				"1ms", Map.of("AUTO_OFFSET_RESET", reset, "WORK_TOPIC", topic))) {
			fleet.start();
			BenchSupport.await("member", Duration.ofMinutes(2), () -> cluster.membersWithPartitions(group) >= 1);
			Thread.sleep(3000);
			try {
				BenchSupport.await("drain", Duration.ofSeconds(15),
						() -> BenchSupport.lagIsZero(cluster, group, topic));
			}
			catch (IllegalStateException ex) {
				// 'latest' after expired offsets skips the backlog: the lag never reaches
				// 0.
			}
			Thread.sleep(1000);
			return (int) JobLedger.read(fleet.logs())
				.keys()
				.stream()
				.filter((key) -> key.startsWith(keyPrefix))
				.count();
		}
	}

	private static List<Map.Entry<String, byte[]>> zeroJobs(String prefix, int count) {
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			jobs.add(Map.entry(prefix + i, "0".getBytes(StandardCharsets.UTF_8)));
		}
		return jobs;
	}

}
