package com.example.mskqueue.system.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.KafkaCluster;
import com.example.mskqueue.local.KafkaNode;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * Hundreds of workers on the three-broker cluster ({@code -Dbenchmark=scale}): for each
 * point (mode, workers, partitions) the real consumer jar runs the workers in a handful
 * of JVMs ({@code WORKERS}), a backlog is queued once every worker has joined, and the
 * point prints its drain time against the ideal, jobs per second, the share of worker
 * time idle while jobs waited, the brokers' CPU and their request rates, and in group
 * mode how long the group takes to settle when a tenth of the workers leave or join.
 * <p>
 * Two cores cannot run hundreds of workers on 20 ms jobs (that would be thousands of jobs
 * a second). Each point offers the same load instead, {@code -Dscale.rate} jobs a second
 * (30) at full use: the work unit grows with the workers, and every point's backlog is
 * {@code -Dscale.seconds} (40) of work at the ideal. What changes from point to point is
 * then what the workers, members and partitions cost, not the jobs.
 */
final class ScaleBenchmark {

	private static final Logger log = LoggerFactory.getLogger(ScaleBenchmark.class);

	private static final String DEFAULT_POINTS = "group:50:50,group:100:100,group:200:200,queue:50:1,queue:100:1,"
			+ "queue:200:1,queue:400:1,queue:200:4,queue:400:4,queue:200:16,queue:400:16";

	/** Workers per consumer JVM in queue mode. */
	private static final int QUEUE_WORKERS_PER_JVM = 50;

	/** Consumer JVMs in group mode: one is a tenth of the workers. */
	private static final int GROUP_JVMS = 10;

	private static final Duration WARM_UP = Duration.ofSeconds(15);

	private static final Duration IDLE = Duration.ofSeconds(10);

	/** A job's mean value: 0 to 10 units. */
	private static final double MEAN_UNITS = 5.0;

	private ScaleBenchmark() {
	}

	static void run() throws Exception {
		int rate = Integer.getInteger("scale.rate", 30);
		int seconds = Integer.getInteger("scale.seconds", 40);
		List<Point> points = Arrays.stream(System.getProperty("scale.points", DEFAULT_POINTS).split(","))
			.map(Point::parse)
			.toList();
		Path dir = BenchSupport.workDir("scale-benchmark");
		// Room for 400 share consumers in one share group (200 by default).
		Map<String, String> overrides = Map.of("group.share.max.size", "1000");
		try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka-cluster"), 3, overrides);
				BrokerMeters meters = BrokerMeters.attach(cluster.brokers().stream().map(KafkaNode::pid).toList());
				QueueProbe probe = new QueueProbe(cluster.bootstrapServers())) {
			List<String> rows = new ArrayList<>();
			for (Point point : points) {
				rows.add(point(dir, cluster, probe, meters, point, rate, seconds));
				log.info("{}", rows.get(rows.size() - 1));
			}
			log.info(
					"""

							Scale: 3 brokers (replication factor 3), {} jobs/s offered at full use, {} s of work per point at the ideal, one run
							Cores are idle / draining; requests per second are summed over the brokers.
							| mode | workers | JVMs | partitions | work unit | jobs | drain | ideal | ratio | jobs/s | workers idle while jobs waited | machine cores | brokers' cores (busiest) | heartbeats/s | fetches/s idle / draining | commits/s | leave 10% | join 10% | duplicates | lost |
							|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
							{}
							""",
					rate, seconds, String.join("\n", rows));
		}
	}

	private static String point(Path dir, KafkaCluster cluster, QueueProbe probe, BrokerMeters meters, Point point,
			int rate, int seconds) throws Exception {
		boolean queue = point.mode.equals("queue");
		String topic = "scale-" + point.mode + "-w" + point.workers + "-p" + point.partitions;
		String group = topic + "-group";
		String shareGroup = group + "-queue";
		Duration unit = Duration.ofMillis(Math.round(point.workers * 1000.0 / (rate * MEAN_UNITS)));
		int jvms = queue ? (point.workers + QUEUE_WORKERS_PER_JVM - 1) / QUEUE_WORKERS_PER_JVM : GROUP_JVMS;
		int workersPerJvm = point.workers / jvms;
		probe.createTopic(topic, point.partitions, Map.of());
		try (ConsumerFleet fleet = new ConsumerFleet(dir, cluster.bootstrapServers(), topic, group,
				unit.toMillis() + "ms",
				Map.of("CONSUMER_MODE", point.mode, "WORKERS", Integer.toString(workersPerJvm), "WORK_TOPIC_PARTITIONS",
						Integer.toString(point.partitions)));
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
			for (int i = 0; i < jvms; i++) {
				fleet.start();
			}
			int members = workersPerJvm * jvms;
			BenchSupport.await("every worker in group " + group, Duration.ofMinutes(5), () -> queue
					? shareMembers(admin, shareGroup) >= members : settled(admin, group, members, point.partitions));

			// The JVMs' first seconds compile and load classes: let that pass, then
			// measure what the idle members cost before the jobs come.
			Thread.sleep(WARM_UP.toMillis());
			BrokerMeters.Snapshot idleFrom = meters.snapshot();
			Thread.sleep(IDLE.toMillis());
			BrokerMeters.Snapshot idleTo = meters.snapshot();

			List<Map.Entry<String, byte[]>> jobs = BenchSupport.jobs(rate * seconds, point.workers);
			long work = jobs.stream().mapToLong(BenchSupport::seconds).sum();
			long longest = jobs.stream().mapToLong(BenchSupport::seconds).max().orElse(0);
			Duration ideal = unit.multipliedBy(Math.max((work + members - 1) / members, longest));
			BrokerMeters.Snapshot before = meters.snapshot();
			Instant start = Instant.now();
			List<String> acknowledged = probe.send(topic, null, jobs);
			BenchSupport.await("drain of " + topic, Duration.ofMinutes(20), () -> queue
					? probe.shareGroupLag(shareGroup, topic) == 0 : BenchSupport.lagIsZero(probe, group, topic));
			Duration drain = Duration.between(start, Instant.now());
			BrokerMeters.Snapshot after = meters.snapshot();
			BenchSupport.await("every job in the consumers' logs", Duration.ofMinutes(1),
					() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			double idle = idleWhileWaiting(ledger.rows(), unit, start, members);

			String leave = "";
			String join = "";
			if (!queue) {
				leave = BenchSupport.secondsOf(timeToSettle(admin, group, members - workersPerJvm, point.partitions,
						() -> fleet.all().get(0).process().process().destroy()));
				join = BenchSupport.secondsOf(joinTime(admin, group, members, point.partitions, fleet));
			}
			String heartbeat = queue ? "ShareGroupHeartbeat" : "ConsumerGroupHeartbeat";
			String[] fetches = queue ? new String[] { "ShareFetch", "ShareAcknowledge" } : new String[] { "Fetch" };
			String[] settles = queue ? new String[] { "ShareAcknowledge" } : new String[] { "OffsetCommit" };
			return "| %s | %d | %d | %d | %d ms | %d | %s | %s | %s | %.0f | %.0f%% | %.2f / %.2f | %.2f / %.2f (%.2f) | %.0f | %.0f / %.0f | %.0f | %s | %s | %d | %d |"
				.formatted(point.mode, members, jvms, point.partitions, unit.toMillis(), jobs.size(),
						BenchSupport.secondsOf(drain), BenchSupport.secondsOf(ideal),
						BenchSupport.format(drain.toMillis() / (double) ideal.toMillis()),
						jobs.size() / (drain.toMillis() / 1000.0), idle * 100, idleFrom.machineCores(idleTo),
						before.machineCores(after), idleFrom.brokerCores(idleTo), before.brokerCores(after),
						before.busiestBrokerCores(after), before.rate(after, heartbeat), idleFrom.rate(idleTo, fetches),
						before.rate(after, fetches), before.rate(after, settles), leave, join, ledger.duplicates(),
						ledger.lost(acknowledged).size());
		}
		finally {
			probe.deleteTopic(topic);
		}
	}

	/**
	 * The share of worker time spent idle between the backlog's arrival and the start of
	 * its last job: while any job waited, an idle worker was time lost to the queue.
	 */
	static double idleWhileWaiting(List<JobLedger.Row> rows, Duration unit, Instant queued, int workers) {
		Instant lastStart = rows.stream()
			.map((row) -> row.time().minus(unit.multipliedBy(row.seconds())))
			.max(Comparator.naturalOrder())
			.orElse(queued);
		double window = Duration.between(queued, lastStart).toMillis();
		if (window <= 0) {
			return 0;
		}
		double busy = 0;
		for (JobLedger.Row row : rows) {
			Instant started = row.time().minus(unit.multipliedBy(row.seconds()));
			Instant from = started.isBefore(queued) ? queued : started;
			Instant to = row.time().isAfter(lastStart) ? lastStart : row.time();
			busy += Math.max(0, Duration.between(from, to).toMillis());
		}
		return Math.max(0, 1 - busy / (window * workers));
	}

	private static Duration timeToSettle(Admin admin, String group, int members, int partitions, Runnable change) {
		Instant start = Instant.now();
		change.run();
		BenchSupport.await("group " + group + " settled with " + members + " members", Duration.ofMinutes(3),
				() -> settled(admin, group, members, partitions));
		return Duration.between(start, Instant.now());
	}

	/**
	 * From the moment the new JVM's first worker is a member to the group settled with
	 * all of them: the JVM's own start is not the group's doing.
	 */
	private static Duration joinTime(Admin admin, String group, int members, int partitions, ConsumerFleet fleet)
			throws Exception {
		int before = memberIds(admin, group).size();
		fleet.start();
		BenchSupport.await("a new member in " + group, Duration.ofMinutes(2),
				() -> memberIds(admin, group).size() > before);
		Instant joined = Instant.now();
		BenchSupport.await("group " + group + " settled with " + members + " members", Duration.ofMinutes(3),
				() -> settled(admin, group, members, partitions));
		return Duration.between(joined, Instant.now());
	}

	/**
	 * A consumer group with {@code members} members, stable, each holding its target
	 * assignment, and every partition held.
	 */
	static boolean settled(Admin admin, String group, int members, int partitions) {
		try {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
				.all()
				.get(10, TimeUnit.SECONDS)
				.get(group);
			if (description.groupState() != GroupState.STABLE || description.members().size() != members) {
				return false;
			}
			Set<TopicPartition> held = new HashSet<>();
			for (MemberDescription member : description.members()) {
				Optional<MemberAssignment> target = member.targetAssignment();
				if (target.isPresent() && !target.get().equals(member.assignment())) {
					return false;
				}
				held.addAll(member.assignment().topicPartitions());
			}
			return held.size() == partitions;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static Set<String> memberIds(Admin admin, String group) {
		try {
			return admin.describeConsumerGroups(List.of(group))
				.all()
				.get(10, TimeUnit.SECONDS)
				.get(group)
				.members()
				.stream()
				.map(MemberDescription::consumerId)
				.collect(Collectors.toSet());
		}
		catch (Exception ex) {
			return Set.of();
		}
	}

	private static int shareMembers(Admin admin, String group) {
		try {
			return admin.describeShareGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(10, TimeUnit.SECONDS)
				.members()
				.size();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/** One measured point: a mode, its workers and its topic's partitions. */
	private record Point(String mode, int workers, int partitions) {

		static Point parse(String text) {
			String[] parts = text.trim().split(":");
			return new Point(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}

	}

}
