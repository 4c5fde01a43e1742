package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import com.example.mskqueue.consumer.work.JobProcessor;
import com.example.mskqueue.consumer.work.JobRecord;

/**
 * Runs the job in hand on a thread of its own, one job at a time, so that the listener thread can
 * return to the share consumer and renew the job's record lock while it runs.
 * <p>
 * On shutdown it stops before the listener container (a higher phase stops first): it takes no
 * new job and waits, up to the stop timeout, for the job in hand to be done and accepted while the
 * container still runs.
 */
final class QueueWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

	private final JobProcessor processor;

	private final Duration stopTimeout;

	private volatile ExecutorService thread = newThread();

	private volatile JobInHand current;

	private volatile boolean stopping;

	private volatile boolean running;

	QueueWorker(JobProcessor processor, Duration stopTimeout) {
		this.processor = processor;
		this.stopTimeout = stopTimeout;
	}

	/** The job in hand, or {@code null}. */
	JobInHand current() {
		return this.current;
	}

	/** Whether shutdown has begun: records that arrive now are released, not started. */
	boolean isStopping() {
		return this.stopping;
	}

	JobInHand start(ConsumerRecord<String, byte[]> record) {
		JobInHand job = new JobInHand(record);
		this.current = job;
		job.runningAs(this.thread.submit(() -> {
			try {
				this.processor.process(JobRecord.of(record), () -> {
					if (!awaitAcceptance(job)) {
						throw new IllegalStateException("the record's delivery ended before the job was done");
					}
				});
			}
			catch (Throwable failure) {
				job.failed(failure);
			}
		}));
		return job;
	}

	/** The job in hand is settled (accepted, released, rejected or lost): the next one may start. */
	void finished(JobInHand job) {
		if (this.current == job) {
			this.current = null;
		}
	}

	private static ExecutorService newThread() {
		return Executors.newSingleThreadExecutor((task) -> new Thread(task, "queue-job"));
	}

	private static boolean awaitAcceptance(JobInHand job) {
		try {
			return job.workDoneAwaitAcceptance();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void start() {
		if (this.thread.isShutdown()) {
			this.thread = newThread();
		}
		this.stopping = false;
		this.running = true;
	}

	@Override
	public void stop() {
		this.stopping = true;
		Instant deadline = Instant.now().plus(this.stopTimeout);
		JobInHand job = this.current;
		if (job != null) {
			log.info("Stopping: finishing the job in hand first (key={} partition={} offset={})", job.record().key(),
					job.record().partition(), job.record().offset());
		}
		try {
			while (this.current != null && Instant.now().isBefore(deadline)) {
				Thread.sleep(50);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.current != null) {
			log.warn("Stopping after {} with a job still running; its record is released when the consumer closes "
					+ "and another consumer does it", this.stopTimeout);
		}
		this.thread.shutdownNow();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the listener containers, which keep renewing and accepting meanwhile. */
	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE + 50;
	}

}
