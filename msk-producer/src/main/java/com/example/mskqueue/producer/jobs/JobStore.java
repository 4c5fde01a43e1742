package com.example.mskqueue.producer.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobState;

/**
 * The recorded lifecycle of the work topic's jobs, held on local disk (H2's MVStore, a
 * key-value store in one file) so that the heap holds only a cache of it: every job's
 * history by key, and each batch's jobs and counts by state. Uncompressed: compressing
 * would cost the task's CPU for disk it has plenty of. It is a copy of what the topics
 * hold, rebuilt from them at every start; one thread writes it (the
 * {@link JobViewReader}), any number read it.
 */
public final class JobStore implements AutoCloseable {

	private static final char BATCH_KEY_SEPARATOR = '\u0001';

	private final Path file;

	private final MVStore store;

	/** Job key to its steps, one JSON event per line. */
	private final MVMap<String, String> jobs;

	/** {@code <batch>\u0001<job key>}: the jobs of each batch, in key order. */
	private final MVMap<String, Boolean> batchJobs;

	private final Map<String, BatchCounts> batches = new ConcurrentHashMap<>();

	private final List<JobStepListener> listeners;

	/**
	 * A new, empty store in {@code file} (an existing file is replaced: the topics are
	 * the record).
	 */
	public static JobStore create(Path file) {
		return create(file, List.of());
	}

	/** The same, telling these listeners of every step it adds. */
	public static JobStore create(Path file, List<JobStepListener> listeners) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new JobStore(file, listeners);
	}

	private JobStore(Path file, List<JobStepListener> listeners) {
		this.file = file;
		this.listeners = List.copyOf(listeners);
		this.store = new MVStore.Builder().fileName(file.toString()).cacheSize(16).open();
		this.jobs = this.store.openMap("jobs");
		this.batchJobs = this.store.openMap("batch-jobs");
	}

	/** Add a step to a job's history. */
	public void apply(String key, JobEvent step) {
		String stored = this.jobs.get(key);
		List<JobEvent> steps = (stored != null) ? decode(stored) : new ArrayList<>();
		JobHistory before = steps.isEmpty() ? null : JobHistory.of(key, steps);
		steps.add(step);
		JobHistory after = JobHistory.of(key, steps);
		this.jobs.put(key, (stored != null) ? stored + "\n" + encode(step) : encode(step));
		move(key, before, after);
		this.listeners.forEach((listener) -> listener.step(key, step));
	}

	/** Record that a batch was cancelled. */
	public void cancelled(BatchCancellation cancellation) {
		counts(cancellation.batch(), null).cancellation = cancellation;
	}

	public Optional<JobHistory> find(String key) {
		String stored = this.jobs.get(key);
		return (stored != null) ? Optional.of(JobHistory.of(key, decode(stored))) : Optional.empty();
	}

	/** A batch with at least one job recorded. */
	public Optional<BatchSummary> batch(String id) {
		BatchCounts counts = this.batches.get(id);
		return (counts != null && counts.summary().sent() > 0) ? Optional.of(counts.summary()) : Optional.empty();
	}

	/** The batches whose first job was queued most recently, newest first. */
	public List<BatchSummary> recentBatches(int limit) {
		return this.batches.values()
			.stream()
			.map(BatchCounts::summary)
			.filter((batch) -> batch.sent() > 0)
			.sorted(Comparator.comparing(BatchSummary::firstQueued).reversed())
			.limit(limit)
			.toList();
	}

	/** Up to {@code limit} jobs of a batch whose keys come after {@code afterKey}. */
	public List<JobHistory> jobsOf(String batch, String afterKey, int limit) {
		String prefix = batch + BATCH_KEY_SEPARATOR;
		List<JobHistory> found = new ArrayList<>();
		String next = this.batchJobs.higherKey(prefix + ((afterKey != null) ? afterKey : ""));
		while (next != null && next.startsWith(prefix) && found.size() < limit) {
			find(next.substring(prefix.length())).ifPresent(found::add);
			next = this.batchJobs.higherKey(next);
		}
		return found;
	}

	/**
	 * Forget the jobs whose newest step is older than {@code cutoff}; returns how many.
	 */
	public int forgetOlderThan(Instant cutoff) {
		List<String> old = new ArrayList<>();
		for (Map.Entry<String, String> job : this.jobs.entrySet()) {
			if (decode(job.getValue()).stream()
				.map(JobEvent::at)
				.max(Comparator.naturalOrder())
				.orElseThrow()
				.isBefore(cutoff)) {
				old.add(job.getKey());
			}
		}
		for (String key : old) {
			JobHistory history = find(key).orElseThrow();
			this.jobs.remove(key);
			move(key, history, null);
		}
		this.batches.values().removeIf((counts) -> counts.isEmpty() && counts.cancellationOlderThan(cutoff));
		return old.size();
	}

	/** How many jobs it holds. */
	public long size() {
		return this.jobs.sizeAsLong();
	}

	/** The bytes its file takes on disk now. */
	public long bytesOnDisk() {
		this.store.commit();
		try {
			return Files.size(this.file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private void move(String key, JobHistory before, JobHistory after) {
		String oldBatch = countedBatch(before);
		String newBatch = countedBatch(after);
		if (oldBatch != null) {
			BatchCounts counts = counts(oldBatch, null);
			counts.add(BatchSummary.column(before.state()), -1);
			if (!oldBatch.equals(newBatch)) {
				counts.sent(-1);
				this.batchJobs.remove(oldBatch + BATCH_KEY_SEPARATOR + key);
			}
		}
		if (newBatch != null) {
			BatchCounts counts = counts(newBatch, after);
			counts.add(BatchSummary.column(after.state()), 1);
			if (!newBatch.equals(oldBatch)) {
				counts.sent(1);
				this.batchJobs.put(newBatch + BATCH_KEY_SEPARATOR + key, Boolean.TRUE);
			}
		}
	}

	/**
	 * The batch a job counts in: none until its work record is read. The view reads the
	 * consumers' steps beside the work topic, and leaves that topic for later while a
	 * batch is sent; counting a job from its steps alone made a batch of which only done
	 * jobs had been read look done.
	 */
	private static String countedBatch(JobHistory job) {
		if (job == null || job.history().stream().noneMatch((step) -> step.state() == JobState.QUEUED)) {
			return null;
		}
		return job.batch();
	}

	private BatchCounts counts(String batch, JobHistory job) {
		BatchCounts counts = this.batches.computeIfAbsent(batch, BatchCounts::new);
		if (job != null) {
			counts.saw(job);
		}
		return counts;
	}

	private static String encode(JobEvent step) {
		return new String(JobEvents.toJson(step), StandardCharsets.UTF_8);
	}

	private static List<JobEvent> decode(String stored) {
		List<JobEvent> steps = new ArrayList<>();
		stored.lines().forEach((line) -> JobEvents.fromJson(line).ifPresent(steps::add));
		return steps;
	}

	@Override
	public void close() {
		this.store.close();
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// a temporary copy: the next start replaces it
		}
	}

	/** One batch's counts, changed by the writer and read by anyone. */
	private static final class BatchCounts {

		private final String id;

		private final long[] byColumn = new long[5];

		private long sent;

		private String topic;

		private Instant firstQueued;

		private volatile BatchCancellation cancellation;

		BatchCounts(String id) {
			this.id = id;
		}

		synchronized void saw(JobHistory job) {
			this.topic = (this.topic != null) ? this.topic : job.topic();
			Instant queued = job.history().get(0).at();
			if (this.firstQueued == null || queued.isBefore(this.firstQueued)) {
				this.firstQueued = queued;
			}
		}

		synchronized void add(int column, long delta) {
			this.byColumn[column] += delta;
		}

		synchronized void sent(long delta) {
			this.sent += delta;
		}

		synchronized boolean isEmpty() {
			return this.sent <= 0;
		}

		boolean cancellationOlderThan(Instant cutoff) {
			BatchCancellation current = this.cancellation;
			return current == null || current.at().isBefore(cutoff);
		}

		synchronized BatchSummary summary() {
			return new BatchSummary(this.id, this.topic, (this.firstQueued != null) ? this.firstQueued : Instant.EPOCH,
					this.sent, this.byColumn[0], this.byColumn[1], this.byColumn[2], this.byColumn[3], this.byColumn[4],
					this.cancellation);
		}

	}

}
