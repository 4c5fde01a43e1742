package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import com.example.mskqueue.consumer.job.DoneJob;

/**
 * A job one share consumer works on: its record, and its work running on a worker thread
 * while the consumer's thread keeps the record's lock alive and settles it once the work
 * is done.
 */
final class JobInHand {

	private final ConsumerRecord<String, byte[]> record;

	private final RecordPosition position;

	private final Instant started = Instant.now();

	/** The earliest its record's lock may have started, or its last renewal. */
	private volatile Instant lockedSince;

	/** Completes with the done job, or exceptionally with the job's failure. */
	private final CompletableFuture<DoneJob> work = new CompletableFuture<>();

	JobInHand(ConsumerRecord<String, byte[]> record, Instant lockedSince) {
		this.record = record;
		this.position = RecordPosition.of(record);
		this.lockedSince = lockedSince;
	}

	ConsumerRecord<String, byte[]> record() {
		return this.record;
	}

	TopicPartition partition() {
		return new TopicPartition(this.record.topic(), this.record.partition());
	}

	Instant lockedSince() {
		return this.lockedSince;
	}

	/** Its lock was renewed (or tried to be) at {@code now}. */
	void renewed(Instant now) {
		this.lockedSince = now;
	}

	/** How long the job has been in hand at {@code now}. */
	Duration runningFor(Instant now) {
		return Duration.between(this.started, now);
	}

	/**
	 * Whether {@code delivery} is a delivery of this job's record (a renewed record comes
	 * back).
	 */
	boolean isFor(ConsumerRecord<String, byte[]> delivery) {
		return this.position.isOf(delivery);
	}

	/**
	 * Wait up to {@code timeout} for the work.
	 * @return the done job, or {@code null} if it still runs
	 * @throws ExecutionException if the job failed; its cause is the job's exception
	 */
	DoneJob awaitWork(Duration timeout) throws ExecutionException, InterruptedException {
		try {
			return this.work.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
	}

	/**
	 * Wait for the work however long it takes.
	 * @return the done job, or {@code null} if it failed
	 */
	DoneJob awaitEnd() throws InterruptedException {
		try {
			return this.work.get();
		}
		catch (ExecutionException ex) {
			return null;
		}
	}

	void workDone(DoneJob done) {
		this.work.complete(done);
	}

	void workFailed(Throwable failure) {
		this.work.completeExceptionally(failure);
	}

	boolean isWorkOver() {
		return this.work.isDone();
	}

}
