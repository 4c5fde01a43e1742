package com.example.mskqueue.system.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * What it costs to drain a backlog with 8 workers, as 8 tasks of 1 worker, 2 of 4 and 1
 * of 8 ({@code WORKERS}), in both modes (group mode on 8 partitions, queue mode on 1):
 * the same 1,000 seeded jobs each time. Consumer-task-seconds are tasks x drain time:
 * what Fargate bills while the backlog drains. Each task's peak resident memory decides
 * the smallest task it fits (with the image's {@code MaxRAMPercentage=75}), and so the
 * price.
 * <p>
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=cost}
 * (options {@code -Djobs=1000 -Dwork.unit.ms=20})
 */
final class CostBenchmark {

	private static final Logger log = LoggerFactory.getLogger(CostBenchmark.class);

	/**
	 * Fargate, Linux/x86_64, us-east-1, on demand, late 2026: per vCPU-hour and GB-hour.
	 */
	static final double VCPU_HOUR = 0.04048;

	static final double GB_HOUR = 0.004445;

	private CostBenchmark() {
	}

	static void run() throws Exception {
		int jobCount = Integer.getInteger("jobs", 1000);
		long workUnitMs = Long.getLong("work.unit.ms", 20);
		List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(jobCount, 42);
		long workMs = jobs.stream().mapToLong((job) -> BenchSupport.seconds(job) * workUnitMs).sum();
		Path dir = BenchSupport.workDir("cost-benchmark");
		StringBuilder table = new StringBuilder(
				"""
						| mode | tasks x workers | drain | ideal | drain / ideal | task-seconds | peak RSS per task | task size | cost per 1,000 jobs |
						|---|---|---|---|---|---|---|---|---|
						""");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of("group.share.min.record.lock.duration.ms", "1000"));
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			for (String mode : List.of("group", "queue")) {
				for (int[] shape : new int[][] { { 8, 1 }, { 2, 4 }, { 1, 8 } }) {
					table.append(drain(dir, broker, cluster, mode, shape[0], shape[1], jobs, workUnitMs, workMs));
				}
			}
		}
		log.info("""

				Cost of draining {} seeded jobs ({} s of work at WORK_UNIT={} ms) with 8 workers, {}, image JVM flags {}
				{}
				Task sizes: the smallest Fargate size whose memory holds the peak RSS with 25% to spare; prices: \
				${} per vCPU-hour, ${} per GB-hour (Linux/x86_64, us-east-1).""", jobCount,
				BenchSupport.format(workMs / 1000.0), workUnitMs, BenchSupport.brokersCaption(),
				BenchSupport.imageJvmOptions(), table, VCPU_HOUR, GB_HOUR);
	}

	private static String drain(Path dir, LocalKafka broker, QueueProbe cluster, String mode, int tasks, int workers,
			List<Map.Entry<String, byte[]>> jobs, long workUnitMs, long workMs) throws Exception {
		boolean queue = "queue".equals(mode);
		String topic = "cost-" + mode + "-" + tasks + "x" + workers;
		cluster.createTopic(topic, queue ? 1 : 8, Map.of());
		Map<String, String> env = new java.util.HashMap<>(Map.of("WORKERS", Integer.toString(workers)));
		if (queue) {
			env.putAll(Map.of("CONSUMER_MODE", "queue", "RECORD_LOCK_DURATION", "30s"));
		}
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, topic + "-group",
				workUnitMs + "ms", env)
			.withJvmOptions(BenchSupport.imageJvmOptions())) {
			List<ProcessMemory> memory = new ArrayList<>();
			for (int i = 0; i < tasks; i++) {
				memory.add(new ProcessMemory(fleet.start().process().pid()));
			}
			BenchSupport.await("tasks started", Duration.ofMinutes(2),
					() -> JobLedger.count(fleet.logs(), "Started MskConsumerApplication") == tasks);
			Instant start = Instant.now();
			cluster.send(topic, null, jobs);
			BenchSupport.await("drained", Duration.ofMinutes(10),
					() -> JobLedger.read(fleet.logs()).keys().size() == jobs.size());
			Duration drain = Duration.between(start, Instant.now());
			long peakMiB = memory.stream().mapToLong(ProcessMemory::peakMiB).max().orElse(0);
			memory.forEach(ProcessMemory::close);
			TaskSize size = TaskSize.fitting(peakMiB);
			double taskSeconds = tasks * drain.toMillis() / 1000.0;
			double costPer1000 = taskSeconds / 3600.0 * size.hourlyPrice() * 1000.0 / jobs.size();
			double ideal = Math.max(workMs / 8.0, 10 * workUnitMs) / 1000.0;
			return "| %s | %d x %d | %s | %s s | %s | %s | %d MiB | %s | $%s |%n".formatted(mode, tasks, workers,
					BenchSupport.secondsOf(drain), BenchSupport.format(ideal),
					BenchSupport.format(drain.toMillis() / 1000.0 / ideal), BenchSupport.format(taskSeconds), peakMiB,
					size, String.format(java.util.Locale.ROOT, "%.6f", costPer1000));
		}
	}

	/** The Fargate task sizes with a quarter or half a vCPU. */
	private enum TaskSize {

		QUARTER_HALF(0.25, 512), QUARTER_ONE(0.25, 1024), QUARTER_TWO(0.25, 2048), HALF_THREE(0.5, 3072),
		HALF_FOUR(0.5, 4096);

		private final double vcpu;

		private final int memoryMiB;

		TaskSize(double vcpu, int memoryMiB) {
			this.vcpu = vcpu;
			this.memoryMiB = memoryMiB;
		}

		static TaskSize fitting(long peakMiB) {
			for (TaskSize size : values()) {
				if (peakMiB <= size.memoryMiB * 0.75) {
					return size;
				}
			}
			return HALF_FOUR;
		}

		double hourlyPrice() {
			return this.vcpu * VCPU_HOUR + this.memoryMiB / 1024.0 * GB_HOUR;
		}

		@Override
		public String toString() {
			return this.vcpu + " vCPU / " + (this.memoryMiB / 1024.0) + " GB";
		}

	}

}
