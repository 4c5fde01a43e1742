package com.example.mskqueue.producer.jobs;

import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.sending.SendActivity;
import com.example.mskqueue.producer.web.Problem;

/**
 * The work topic's jobs as their recorded lifecycle shows them, the same from every
 * producer task: a job's history by key, and batches with their jobs counted by state.
 * Read from the topics into a local copy at start ({@link JobViewReader},
 * {@link JobStore}) and kept up to date while the producer runs.
 */
@Component
public class JobView implements SmartLifecycle {

	private final KafkaProperties kafka;

	private final Admin admin;

	private final LifecycleProperties properties;

	private final String workTopic;

	private volatile JobStore store;

	private volatile JobViewReader reader;

	private final SendActivity sending;

	/** Resolved at start: the feeds read the view too. */
	private final ObjectProvider<ViewFeed> feeds;

	private final ObjectProvider<JobStepListener> listeners;

	JobView(KafkaProperties kafka, Admin admin, LifecycleProperties properties, ProducerProperties jobs,
			SendActivity sending, ObjectProvider<ViewFeed> feeds, ObjectProvider<JobStepListener> listeners,
			MeterRegistry registry) {
		this.listeners = listeners;
		this.sending = sending;
		this.feeds = feeds;
		this.kafka = kafka;
		this.admin = admin;
		this.properties = properties;
		this.workTopic = jobs.topic();
		Gauge.builder("msk.jobs.view.jobs", this, (view) -> view.footprint().jobs())
			.description("Jobs the job view holds (within the lifecycle's retention)")
			.register(registry);
		Gauge.builder("msk.jobs.view.store.bytes", this, (view) -> view.footprint().bytesOnDisk())
			.description("Bytes of the job view's local copy on disk")
			.baseUnit("bytes")
			.register(registry);
	}

	/** Whether the lifecycle is recorded and read here. */
	public boolean enabled() {
		return this.properties.enabled();
	}

	/** Whether the view has read what the topics held when the producer started. */
	public boolean loaded() {
		JobViewReader current = this.reader;
		return current != null && current.loaded();
	}

	/**
	 * Refuse to answer from a view that is off (404) or still loading (503).
	 * @throws Problem.Refusal if it cannot answer now
	 */
	public void requireReady() {
		if (!enabled()) {
			throw new Problem.Refusal(Problem.of(HttpStatus.NOT_FOUND, "Job lookup is off",
					"this producer does not read the job lifecycle (LIFECYCLE_ENABLED=false)"));
		}
		if (!loaded()) {
			throw new Problem.Refusal(Problem.unavailable("Still reading the job history",
					"the producer started a moment ago and is reading the lifecycle topics; try again in a few "
							+ "seconds",
					5));
		}
	}

	/** The work topic whose jobs it shows. */
	public String workTopic() {
		return this.workTopic;
	}

	/** How far back it reads, in words: "7 days", "12 hours". */
	public String retention() {
		java.time.Duration retention = this.properties.retention();
		if (retention.toDays() >= 1 && retention.toHours() % 24 == 0) {
			return retention.toDays() + ((retention.toDays() == 1) ? " day" : " days");
		}
		if (retention.toHours() >= 1 && retention.toMinutes() % 60 == 0) {
			return retention.toHours() + ((retention.toHours() == 1) ? " hour" : " hours");
		}
		return retention.toMinutes() + " minutes";
	}

	public Optional<JobHistory> job(String key) {
		JobStore current = this.store;
		return (current != null) ? current.find(key) : Optional.empty();
	}

	public Optional<BatchSummary> batch(String id) {
		JobStore current = this.store;
		return (current != null) ? current.batch(id) : Optional.empty();
	}

	/** The most recent batches, newest first. */
	public List<BatchSummary> recentBatches(int limit) {
		JobStore current = this.store;
		return (current != null) ? current.recentBatches(limit) : List.of();
	}

	/** Up to {@code limit} jobs of a batch, in key order, after {@code afterKey}. */
	public List<JobHistory> jobsOf(String batch, String afterKey, int limit) {
		JobStore current = this.store;
		return (current != null) ? current.jobsOf(batch, afterKey, limit) : List.of();
	}

	/** How many jobs it holds, and the bytes its local copy takes (for benchmarks). */
	public Footprint footprint() {
		JobStore current = this.store;
		return (current != null) ? new Footprint(current.size(), current.bytesOnDisk()) : new Footprint(0, 0);
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.listeners.orderedStream().forEach(JobStepListener::reset);
		this.store = JobStore.create(
				this.properties.storeDir().resolve("jobs-" + ProcessHandle.current().pid() + ".mv.db"),
				this.listeners.orderedStream().toList());
		this.reader = new JobViewReader(this.kafka, this.admin, this.store, this.properties, this.workTopic,
				this.sending, this.feeds.orderedStream().toList());
		this.reader.start();
	}

	@Override
	public void stop() {
		JobViewReader current = this.reader;
		if (current != null) {
			current.close();
			this.reader = null;
		}
		JobStore stored = this.store;
		if (stored != null) {
			stored.close();
			this.store = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.reader != null;
	}

	/**
	 * What the view holds.
	 *
	 * @param jobs jobs held
	 * @param bytesOnDisk the local copy's file size
	 */
	public record Footprint(long jobs, long bytesOnDisk) {
	}

}
