package com.example.mskqueue.system.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * What recording the job lifecycle costs, with it on and off side by side in one run on
 * one broker, alternating so that the machine's drift falls on both:
 * <ul>
 * <li>producer throughput: a POST of {@code -Dpost.jobs} jobs (100,000), three times each
 * way; with recording on, the producer's job view reads the work topic while it sends;
 * {@code -Dpost.rounds} (5) times each way;</li>
 * <li>drain: {@code -Djobs} seeded jobs (600, {@code WORK_UNIT=20ms}) through one
 * consumer task with 4 workers on 8 partitions, twice each way;</li>
 * <li>footprint: after the drains, the bytes of the work and lifecycle topics on the
 * broker and of the job view's local copy, per million jobs.</li>
 * </ul>
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=lifecycle}
 */
final class LifecycleBenchmark {

	private static final Logger log = LoggerFactory.getLogger(LifecycleBenchmark.class);

	private LifecycleBenchmark() {
	}

	static void run() throws Exception {
		int postJobs = Integer.getInteger("post.jobs", 100_000);
		int postRounds = Integer.getInteger("post.rounds", 5);
		int drainJobs = Integer.getInteger("jobs", 2_000);
		long workUnitMs = Long.getLong("work.unit.ms", 20);
		Path dir = BenchSupport.workDir("lifecycle-benchmark");
		Map<Boolean, List<Double>> rates = new HashMap<>(Map.of(true, new ArrayList<>(), false, new ArrayList<>()));
		Map<Boolean, List<Duration>> drains = new HashMap<>(Map.of(true, new ArrayList<>(), false, new ArrayList<>()));
		Map<Boolean, List<CpuPerJob>> cpu = new HashMap<>(Map.of(true, new ArrayList<>(), false, new ArrayList<>()));
		String footprint;
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			int round = 0;
			for (int pair = 0; pair < postRounds; pair++) {
				// Alternating which goes first, so that drift falls on both.
				for (boolean recording : (pair % 2 == 0) ? List.of(true, false) : List.of(false, true)) {
					rates.get(recording).add(throughput(dir, broker, cluster, recording, postJobs, ++round));
				}
			}
			for (boolean recording : List.of(false, true, false, true)) {
				drains.get(recording)
					.add(drain(dir, broker, cluster, recording, drainJobs, workUnitMs, ++round, cpu.get(recording)));
			}
			footprint = footprint(dir, broker, cluster, drainJobs, round);
		}
		double rateOn = median(rates.get(true));
		double rateOff = median(rates.get(false));
		double drainOn = median(drains.get(true).stream().map((d) -> d.toMillis() / 1000.0).toList());
		double drainOff = median(drains.get(false).stream().map((d) -> d.toMillis() / 1000.0).toList());
		log.info(
				"""

						Job lifecycle recording, on and off in one run, {}
						| measure | recording off | recording on | change |
						|---|---|---|---|
						| POST of {} jobs, jobs/s (median of {} each way; each {}) | {} | {} | {} |
						| drain of {} jobs, WORK_UNIT={} ms, 1 task x 4 workers, 8 partitions (median of 2; each {}) | {} s | {} s | {} |
						| CPU per job during the drain, producer / consumer / broker, ms (mean of 2) | {} | {} | |
						{}
						""",
				BenchSupport.brokersCaption(), postJobs, postRounds, rates, Math.round(rateOff), Math.round(rateOn),
				percent(rateOn, rateOff), drainJobs, workUnitMs, drains, BenchSupport.format(drainOff),
				BenchSupport.format(drainOn), percent(drainOn, drainOff), CpuPerJob.mean(cpu.get(false)),
				CpuPerJob.mean(cpu.get(true)), footprint);
	}

	private static double throughput(Path dir, LocalKafka broker, QueueProbe cluster, boolean recording, int jobs,
			int round) throws Exception {
		String topic = "lifecycle-post-" + round;
		cluster.createTopic(topic, 5, Map.of());
		try (ProducerProcess producer = producer(dir, broker, topic, recording, "producer-post-" + round)) {
			producer.send("num=1000");
			Instant start = Instant.now();
			var answer = producer.send("num=" + jobs);
			Duration took = Duration.between(start, Instant.now());
			if (!answer.body().startsWith("Messages sent: " + jobs)) {
				throw new IllegalStateException("The producer answered: " + answer.body());
			}
			double rate = jobs / (took.toMillis() / 1000.0);
			log.info("POST of {} jobs, recording {}: {} jobs/s", jobs, recording ? "on" : "off", Math.round(rate));
			return rate;
		}
	}

	private static Duration drain(Path dir, LocalKafka broker, QueueProbe cluster, boolean recording, int jobs,
			long workUnitMs, int round, List<CpuPerJob> cpu) throws Exception {
		String topic = "lifecycle-drain-" + round;
		cluster.createTopic(topic, 8, Map.of());
		Duration took;
		try (ProducerProcess producer = producer(dir, broker, topic, recording, "producer-drain-" + round);
				ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, topic + "-group",
						workUnitMs + "ms", Map.of("WORKERS", "4", "LIFECYCLE_ENABLED", Boolean.toString(recording)))
					.withJvmOptions(BenchSupport.imageJvmOptions())) {
			fleet.start();
			BenchSupport.await("4 workers in the group", Duration.ofMinutes(2),
					() -> membersWithPartitions(cluster, topic + "-group") >= 4);
			long producerPid = producer.process().pid();
			long consumerPid = fleet.all().get(0).process().pid();
			CpuPerJob.Cpu cpuBefore = CpuPerJob.cpu(producerPid, consumerPid);
			Instant start = Instant.now();
			cluster.send(topic, null, BenchSupport.jobs(jobs, 42));
			BenchSupport.await("the drain of " + topic, Duration.ofMinutes(10),
					() -> BenchSupport.lagIsZero(cluster, topic + "-group", topic));
			took = Duration.between(start, Instant.now());
			cpu.add(CpuPerJob.between(cpuBefore, CpuPerJob.cpu(producerPid, consumerPid), jobs));
			// The producer's view follows the drain as it would in production.
			log.info("Drain of {} jobs, recording {}: {} (the producer's view holds {} jobs)", jobs,
					recording ? "on" : "off", BenchSupport.secondsOf(took), metric(producer, "msk.jobs.view.jobs"));
		}
		return took;
	}

	/**
	 * A producer watching the last drain's topic reads its whole history: the view's copy
	 * and the topics' bytes, per job and per million.
	 */
	private static String footprint(Path dir, LocalKafka broker, QueueProbe cluster, int jobs, int lastDrainRound)
			throws Exception {
		String topic = "lifecycle-drain-" + lastDrainRound;
		Map<String, Long> bytes = topicBytes(broker, List.of(topic, QueueTopics.lifecycleTopicOf(topic)));
		try (ProducerProcess producer = producer(dir, broker, topic, true, "producer-footprint")) {
			BenchSupport.await("the view to hold the drain's jobs", Duration.ofMinutes(2),
					() -> metric(producer, "msk.jobs.view.jobs") >= jobs);
			long storeBytes = (long) metric(producer, "msk.jobs.view.store.bytes");
			long work = bytes.get(topic);
			long lifecycle = bytes.get(QueueTopics.lifecycleTopicOf(topic));
			return """
					Footprint, {jobs} jobs done (each queued, started, done), measured, and per million jobs:
					| what | bytes measured | per job | per million jobs |
					|---|---|---|---|
					| work topic (one replica) | %d | %d | %s |
					| lifecycle topic (one replica) | %d | %d | %s |
					| job view's local copy (MVStore file) | %d | %d | %s |
					""".replace("{jobs}", Integer.toString(jobs))
				.formatted(work, work / jobs, mib(work * 1_000_000L / jobs), lifecycle, lifecycle / jobs,
						mib(lifecycle * 1_000_000L / jobs), storeBytes, storeBytes / jobs,
						mib(storeBytes * 1_000_000L / jobs));
		}
	}

	private static Map<String, Long> topicBytes(LocalKafka broker, Collection<String> topics) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			Map<String, Long> sizes = new HashMap<>();
			topics.forEach((topic) -> sizes.put(topic, 0L));
			Collection<Integer> brokers = admin.describeCluster()
				.nodes()
				.get()
				.stream()
				.map(org.apache.kafka.common.Node::id)
				.toList();
			for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers)
				.allDescriptions()
				.get()
				.values()) {
				for (LogDirDescription logDir : dirs.values()) {
					for (Map.Entry<TopicPartition, ReplicaInfo> replica : logDir.replicaInfos().entrySet()) {
						sizes.computeIfPresent(replica.getKey().topic(),
								(topic, size) -> size + replica.getValue().size());
					}
				}
			}
			return sizes;
		}
	}

	private static ProducerProcess producer(Path dir, LocalKafka broker, String topic, boolean recording, String name)
			throws Exception {
		return ProducerProcess.start(dir.resolve(name + ".log"), broker.bootstrapServers(),
				Map.of("WORK_TOPIC", topic, "CONSUMER_GROUP", topic + "-group", "LIFECYCLE_ENABLED",
						Boolean.toString(recording), "LIFECYCLE_STORE_DIR", dir.resolve(name + "-view").toString()));
	}

	private static double metric(ProducerProcess producer, String name) {
		try {
			JsonNode metric = producer.json("/actuator/metrics/" + name);
			return (metric != null) ? metric.path("measurements").get(0).path("value").asDouble() : -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static long membersWithPartitions(QueueProbe cluster, String group) {
		try {
			return cluster.membersWithPartitions(group);
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static String percent(double on, double off) {
		return String.format(java.util.Locale.ROOT, "%+.1f%%", 100.0 * (on - off) / off);
	}

	private static String mib(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
	}

	/**
	 * CPU time (user and system, {@link ProcessHandle.Info#totalCpuDuration()}) per job
	 * of the producer, the consumer and the broker (the benchmark's other child
	 * processes).
	 */
	record CpuPerJob(double producerMs, double consumerMs, double brokerMs) {

		/** The CPU each has used so far. */
		static Cpu cpu(long producerPid, long consumerPid) {
			Duration producer = Duration.ZERO;
			Duration consumer = Duration.ZERO;
			Duration broker = Duration.ZERO;
			for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
				Duration used = process.info().totalCpuDuration().orElse(Duration.ZERO);
				if (process.pid() == producerPid) {
					producer = producer.plus(used);
				}
				else if (process.pid() == consumerPid) {
					consumer = consumer.plus(used);
				}
				else {
					broker = broker.plus(used);
				}
			}
			return new Cpu(producer, consumer, broker);
		}

		static CpuPerJob between(Cpu before, Cpu after, int jobs) {
			return new CpuPerJob(perJob(before.producer(), after.producer(), jobs),
					perJob(before.consumer(), after.consumer(), jobs), perJob(before.broker(), after.broker(), jobs));
		}

		private static double perJob(Duration before, Duration after, int jobs) {
			return after.minus(before).toNanos() / 1e6 / jobs;
		}

		static String mean(List<CpuPerJob> runs) {
			return String.format(java.util.Locale.ROOT, "%.2f / %.2f / %.2f",
					runs.stream().mapToDouble(CpuPerJob::producerMs).average().orElse(0),
					runs.stream().mapToDouble(CpuPerJob::consumerMs).average().orElse(0),
					runs.stream().mapToDouble(CpuPerJob::brokerMs).average().orElse(0));
		}

		/** CPU used so far by each. */
		record Cpu(Duration producer, Duration consumer, Duration broker) {
		}

	}

}
