package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import com.example.mskqueue.consumer.job.JobLog;

/**
 * A share partition hands out records only within a window that starts at its oldest
 * unsettled record and holds at most {@code group.share.partition.max.record.locks}
 * records (a broker setting, 2,000 by default, 100 to 10,000). A long job at the start of
 * that window holds it in place while the jobs behind it are done: once the window is
 * full, the group hands out nothing more of that partition until the long job is settled,
 * and the workers of every task idle while jobs wait.
 * <p>
 * Every half record lock, for the jobs of this task that have run that long, this asks
 * the group coordinator where each one's partition starts; when a job of this task is the
 * start and the records from it to the end of the partition fill the window, it logs the
 * stall at WARN once, naming the job, and counts it ({@value #STALLS_METRIC};
 * {@value #FULL_METRIC} holds the partitions stalled now). Short jobs cost nothing here:
 * the coordinator is asked only while a job runs past half a lock.
 */
final class RecordLockLimit implements SmartLifecycle {

	static final String BROKER_SETTING = "group.share.partition.max.record.locks";

	static final int BROKER_DEFAULT = 2000;

	static final String STALLS_METRIC = "msk.queue.lock.window.stalls";

	static final String FULL_METRIC = "msk.queue.lock.window.full";

	private static final Logger log = LoggerFactory.getLogger(RecordLockLimit.class);

	private final Supplier<Admin> adminFactory;

	private final String group;

	private final QueueWorkers workers;

	private final Duration interval;

	private final Counter stalls;

	/** The partitions a job of this task holds full, and that job's offset. */
	private final Map<TopicPartition, Stall> stalled = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService checks;

	private Admin admin;

	private final ShareWindowLimit limit = new ShareWindowLimit();

	RecordLockLimit(Supplier<Admin> adminFactory, String group, QueueWorkers workers, Duration recordLock,
			MeterRegistry registry) {
		this.adminFactory = adminFactory;
		this.group = group;
		this.workers = workers;
		this.interval = recordLock.dividedBy(2);
		this.stalls = Counter.builder(STALLS_METRIC)
			.description("Times a job of this task held its partition's share-group window full "
					+ "(group.share.partition.max.record.locks) while jobs waited behind it")
			.tag("group", group)
			.register(registry);
		Gauge.builder(FULL_METRIC, this.stalled, Map::size)
			.description("Partitions whose share-group window a job of this task holds full now")
			.tag("group", group)
			.register(registry);
	}

	/**
	 * Whether a job at {@code jobOffset} holds its partition stalled: it is the window's
	 * start, and the records from it to the partition's end fill the window.
	 */
	static boolean holdsWindowFull(long jobOffset, long windowStart, long partitionEnd, int limit) {
		return jobOffset == windowStart && partitionEnd - windowStart >= limit;
	}

	/** One look at the jobs of this task that have run past half a lock. */
	void check() {
		Instant now = Instant.now();
		Collection<JobInHand> inHand = this.workers.inHand();
		this.stalled.entrySet().removeIf((entry) -> {
			boolean settled = inHand.stream()
				.noneMatch((job) -> job.partition().equals(entry.getKey()) && entry.getValue().isOf(job));
			if (settled) {
				log.info(
						"Partition {} of share group {} moves on: the job at offset {} that held its window full "
								+ "for {} s is settled",
						entry.getKey(), this.group, entry.getValue().offset(),
						Duration.between(entry.getValue().since(), now).toSeconds());
			}
			return settled;
		});
		Map<TopicPartition, JobInHand> longJobs = inHand.stream()
			.filter((job) -> job.runningFor(now).compareTo(this.interval) >= 0)
			.collect(Collectors.toMap(JobInHand::partition, (job) -> job,
					(one, other) -> (one.record().offset() <= other.record().offset()) ? one : other));
		longJobs.keySet().removeAll(this.stalled.keySet());
		if (longJobs.isEmpty()) {
			return;
		}
		try {
			Map<TopicPartition, Long> starts = windowStarts(longJobs.keySet());
			Map<TopicPartition, Long> atStart = longJobs.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().record().offset() == starts.getOrDefault(entry.getKey(), -1L))
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().record().offset()));
			if (atStart.isEmpty()) {
				return;
			}
			Map<TopicPartition, Long> ends = partitionEnds(atStart.keySet());
			int locks = limit();
			atStart.forEach((partition, offset) -> {
				long end = ends.getOrDefault(partition, offset);
				if (holdsWindowFull(offset, starts.get(partition), end, locks)) {
					stall(longJobs.get(partition), end - offset, locks, now);
				}
			});
		}
		catch (ExecutionException | TimeoutException ex) {
			log.debug("Could not read share group {}'s positions: {}", this.group, String.valueOf(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void stall(JobInHand job, long waiting, int locks, Instant now) {
		ConsumerRecord<String, byte[]> record = job.record();
		this.stalled.put(job.partition(), new Stall(record.offset(), now));
		this.stalls.increment();
		JobLog.of(log.atWarn(), "job-window-stall", record)
			.log("Job key={} partition={} offset={} has run {} s at the start of share group {}'s window, with {} "
					+ "records from it to the partition's end: more than the window holds ({}={}). The group hands "
					+ "out none past offset {} until this job is settled, and workers idle once the others in the "
					+ "window are done. Spread the jobs over more partitions, split long jobs, or raise {} in the "
					+ "brokers' configuration (at most 10000)", record.key(), record.partition(), record.offset(),
					job.runningFor(now).toSeconds(), this.group, waiting, BROKER_SETTING, locks,
					record.offset() + locks - 1, BROKER_SETTING);
	}

	private Map<TopicPartition, Long> windowStarts(Set<TopicPartition> partitions)
			throws ExecutionException, InterruptedException, TimeoutException {
		Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin()
			.listShareGroupOffsets(Map.of(this.group, new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
			.partitionsToOffsetInfo(this.group)
			.get(timeout(), TimeUnit.MILLISECONDS);
		return offsets.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null && entry.getValue().startOffset() >= 0)
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().startOffset()));
	}

	private Map<TopicPartition, Long> partitionEnds(Set<TopicPartition> partitions)
			throws ExecutionException, InterruptedException, TimeoutException {
		return admin()
			.listOffsets(partitions.stream()
				.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
			.all()
			.get(timeout(), TimeUnit.MILLISECONDS)
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	private int limit() throws InterruptedException {
		return this.limit.read(admin(), Duration.ofMillis(timeout()));
	}

	private Admin admin() {
		if (this.admin == null) {
			this.admin = this.adminFactory.get();
		}
		return this.admin;
	}

	private long timeout() {
		return Math.max(this.interval.toMillis(), 1000);
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "record-lock-limit");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::checkSafely, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.checks = executor;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			log.debug("Record-lock window check failed: {}", ex.toString());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.checks;
		this.checks = null;
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(5));
			this.admin = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.checks != null;
	}

	/** Where a stall began: the offset of the job that holds it, and since when. */
	private record Stall(long offset, Instant since) {

		boolean isOf(JobInHand job) {
			return job.record().offset() == this.offset;
		}

	}

}
