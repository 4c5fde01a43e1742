package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.consumer.job.JobRunner;

/**
 * Runs the jobs in hand on worker threads of their own ({@code WORKERS}: one per share
 * consumer), so that each consumer's thread can return to its share consumer and renew
 * its job's record lock while the job runs.
 * <p>
 * On shutdown it stops before the listener container (a higher phase stops first): it
 * takes no new job and waits, up to the stop timeout, for every job in hand to be done
 * and accepted while the container still runs.
 */
final class QueueWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);

	private final JobRunner runner;

	private final int workers;

	private final Duration stopTimeout;

	private final Set<JobInHand> inHand = ConcurrentHashMap.newKeySet();

	private volatile ExecutorService threads;

	private volatile boolean stopping;

	private volatile boolean running;

	QueueWorkers(JobRunner runner, int workers, Duration stopTimeout) {
		this.runner = runner;
		this.workers = workers;
		this.stopTimeout = stopTimeout;
		this.threads = newThreads();
	}

	/** Whether shutdown has begun: records that arrive now are released, not started. */
	boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Start the job of {@code record}, whose lock may have started as early as
	 * {@code lockedSince}.
	 */
	JobInHand start(ConsumerRecord<String, byte[]> record, Instant lockedSince) {
		JobInHand job = new JobInHand(record, lockedSince);
		this.inHand.add(job);
		this.threads.execute(() -> {
			try {
				job.workDone(this.runner.run(JobRecord.of(record)));
			}
			catch (Throwable failure) {
				job.workFailed(failure);
			}
		});
		return job;
	}

	/** The jobs in hand now, as they change. */
	Collection<JobInHand> inHand() {
		return Collections.unmodifiableSet(this.inHand);
	}

	/**
	 * The job is settled (accepted, released, rejected or lost): it no longer holds up a
	 * stop.
	 */
	void finished(JobInHand job) {
		this.inHand.remove(job);
	}

	private ExecutorService newThreads() {
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(this.workers,
				(task) -> new Thread(task, "queue-job-" + count.incrementAndGet()));
	}

	@Override
	public void start() {
		if (this.threads.isShutdown()) {
			this.threads = newThreads();
		}
		this.stopping = false;
		this.running = true;
	}

	@Override
	public void stop() {
		this.stopping = true;
		Instant deadline = Instant.now().plus(this.stopTimeout);
		for (JobInHand job : this.inHand) {
			log.info("Stopping: finishing the job in hand first (key={} partition={} offset={})", job.record().key(),
					job.record().partition(), job.record().offset());
		}
		try {
			while (!this.inHand.isEmpty() && Instant.now().isBefore(deadline)) {
				Thread.sleep(20);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.inHand.isEmpty()) {
			log.warn("Stopping after {} with {} jobs still running; their records are released when the consumers "
					+ "close and other consumers do them", this.stopTimeout, this.inHand.size());
		}
		this.threads.shutdownNow();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the listener containers, which keep renewing and accepting meanwhile.
	 */
	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE + 50;
	}

}
