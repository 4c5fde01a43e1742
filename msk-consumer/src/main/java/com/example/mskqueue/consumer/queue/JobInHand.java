package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one job this consumer works on, running on the worker thread while the listener thread
 * keeps its record's lock alive.
 * <p>
 * The two threads meet once: when the work is done, the worker waits at the acknowledgement
 * until the listener, in a delivery of the record, has accepted it ({@link #accepted()}) or
 * found that it cannot ({@link #lost()}: the record's delivery ended, so another consumer may
 * do the job again).
 */
final class JobInHand {

	private final ConsumerRecord<String, byte[]> record;

	private final RecordPosition position;

	/** Completes when the work reaches its acknowledgement, or exceptionally with the job's failure. */
	private final CompletableFuture<Void> workDone = new CompletableFuture<>();

	/** The listener's answer to the worker: accepted or not. */
	private final CompletableFuture<Boolean> settled = new CompletableFuture<>();

	private volatile Future<?> task;

	JobInHand(ConsumerRecord<String, byte[]> record) {
		this.record = record;
		this.position = RecordPosition.of(record);
	}

	ConsumerRecord<String, byte[]> record() {
		return this.record;
	}

	/** Whether {@code delivery} is a delivery of this job's record (a renewed record comes back). */
	boolean isFor(ConsumerRecord<String, byte[]> delivery) {
		return this.position.isOf(delivery);
	}

	void runningAs(Future<?> task) {
		this.task = task;
	}

	/**
	 * Wait up to {@code timeout} for the work to be done.
	 * @return whether it is done and waits to be accepted; {@code false} if it still runs
	 * @throws ExecutionException if the job failed; its cause is the job's exception
	 */
	boolean awaitWork(Duration timeout) throws ExecutionException, InterruptedException {
		try {
			this.workDone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	/** Called by the worker at the acknowledgement: hand over and wait for the listener's answer. */
	boolean workDoneAwaitAcceptance() throws InterruptedException {
		this.workDone.complete(null);
		try {
			return this.settled.get();
		}
		catch (ExecutionException ex) {
			return false;
		}
	}

	/** Called by the worker when the job ends without reaching its acknowledgement. */
	void failed(Throwable failure) {
		this.workDone.completeExceptionally(failure);
	}

	void accepted() {
		this.settled.complete(true);
	}

	void lost() {
		this.settled.complete(false);
	}

	/** Wait until the worker has finished with this job (its last log line and event included). */
	void awaitFinished() throws InterruptedException {
		Future<?> running = this.task;
		if (running == null) {
			return;
		}
		try {
			running.get();
		}
		catch (ExecutionException ex) {
			// The job's own failure was handed over through workDone.
		}
	}

}
