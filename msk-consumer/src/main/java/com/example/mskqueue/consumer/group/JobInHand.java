package com.example.mskqueue.consumer.group;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.Acknowledgment;

import com.example.mskqueue.consumer.job.DoneJob;
import com.example.mskqueue.consumer.job.JobRecord;

/**
 * A worker's job in hand: its work runs on a thread of its own while the worker's
 * consumer thread keeps polling, with every partition paused, so that the group's
 * rebalance steps (learning a new assignment, the revocation and assignment callbacks)
 * complete at once instead of after the job. A paused poll hands out no record; a record
 * that a poll returns anyway (a partition assigned within that poll) is sought back to,
 * so nothing fetched is skipped. The partitions paused here are resumed when the job
 * ends.
 * <p>
 * Polling stops once the job has run longer than the longest job: a job that hangs then
 * lets {@code max.poll.interval.ms} expire, and the group moves its partition, as it did
 * before the consumer polled during jobs.
 */
final class JobInHand {

	private static final Logger log = LoggerFactory.getLogger(JobInHand.class);

	/** How often the consumer is polled while the job runs. */
	static final Duration POLL_EVERY = Duration.ofMillis(100);

	private final ConsumerRecord<?, ?> record;

	private final TopicPartition partition;

	private final Acknowledgment acknowledgment;

	private final CompletableFuture<DoneJob> result = new CompletableFuture<>();

	private final Thread thread;

	private boolean settled;

	private boolean revoked;

	private boolean lost;

	private JobInHand(ConsumerRecord<?, ?> record, Acknowledgment acknowledgment, Function<JobRecord, DoneJob> work) {
		this.record = record;
		this.partition = new TopicPartition(record.topic(), record.partition());
		this.acknowledgment = acknowledgment;
		JobRecord job = JobRecord.of(record);
		this.thread = new Thread(() -> {
			try {
				this.result.complete(work.apply(job));
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
		}, Thread.currentThread().getName() + "-job");
	}

	/**
	 * Start the work of a record on a thread of its own, named after the worker's
	 * consumer thread.
	 */
	static JobInHand start(ConsumerRecord<?, ?> record, Acknowledgment acknowledgment,
			Function<JobRecord, DoneJob> work) {
		JobInHand inHand = new JobInHand(record, acknowledgment, work);
		inHand.thread.start();
		return inHand;
	}

	ConsumerRecord<?, ?> record() {
		return this.record;
	}

	Acknowledgment acknowledgment() {
		return this.acknowledgment;
	}

	/**
	 * Poll the consumer, paused, until the job ends or has run for {@code pollFor}, then
	 * wait for it without polling.
	 * @return the job, done or cancelled
	 * @throws RuntimeException what the job threw
	 */
	DoneJob awaitPolling(Consumer<?, ?> consumer, Duration pollFor) {
		Set<TopicPartition> pausedHere = new HashSet<>();
		long pollUntil = System.nanoTime() + pollFor.toNanos();
		try {
			while (System.nanoTime() < pollUntil) {
				pause(consumer, pausedHere);
				try {
					ConsumerRecords<?, ?> records = consumer.poll(Duration.ZERO);
					if (!records.isEmpty()) {
						seekBack(consumer, records);
					}
				}
				catch (WakeupException ex) {
					// A stop under way: it waits for this job, which goes on.
				}
				if (endsWithin(POLL_EVERY)) {
					break;
				}
			}
			return await();
		}
		finally {
			resume(consumer, pausedHere);
		}
	}

	/**
	 * Whether the job ends (or the worker's thread is interrupted) within
	 * {@code timeout}; {@link #await} then gives its outcome at once.
	 */
	private boolean endsWithin(Duration timeout) {
		try {
			this.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	/**
	 * Wait for the job without polling: its partition is being revoked, and the
	 * revocation must wait until the job is done and committed.
	 * @return the job, done or cancelled
	 * @throws RuntimeException what the job threw
	 */
	DoneJob await() {
		try {
			return this.result.get();
		}
		catch (InterruptedException ex) {
			return interrupted();
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
	}

	/** Its delivery was settled (or failed to be) while its partition was revoked. */
	void settled() {
		this.settled = true;
	}

	boolean isSettled() {
		return this.settled;
	}

	/** Its partition was revoked after the job failed: the new owner tries it again. */
	void revokedAfterFailure() {
		this.revoked = true;
	}

	boolean isRevokedAfterFailure() {
		return this.revoked;
	}

	/**
	 * Its partition was lost (this member was cut off from the group): no commit can
	 * succeed, and nothing waits for the job.
	 */
	void lost() {
		this.lost = true;
	}

	boolean isLost() {
		return this.lost;
	}

	boolean isIn(Collection<TopicPartition> partitions) {
		return partitions.contains(this.partition);
	}

	/**
	 * The worker's thread was interrupted (a stop that would not wait): the job is
	 * interrupted too, and its outcome is the worker's, with the interrupt kept.
	 */
	private DoneJob interrupted() {
		this.thread.interrupt();
		try {
			while (true) {
				try {
					return this.result.get();
				}
				catch (InterruptedException again) {
					// Wait for the interrupted job to end all the same.
				}
			}
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		finally {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause(Consumer<?, ?> consumer, Set<TopicPartition> pausedHere) {
		Set<TopicPartition> unpaused = new HashSet<>(consumer.assignment());
		unpaused.removeAll(consumer.paused());
		for (TopicPartition partition : unpaused) {
			if (whileAssigned(partition, () -> consumer.pause(Set.of(partition)))) {
				pausedHere.add(partition);
			}
		}
	}

	private static void resume(Consumer<?, ?> consumer, Set<TopicPartition> pausedHere) {
		pausedHere.retainAll(consumer.assignment());
		pausedHere.forEach((partition) -> whileAssigned(partition, () -> consumer.resume(Set.of(partition))));
	}

	/** Put the consumer back before records a poll returned while the job ran. */
	private static void seekBack(Consumer<?, ?> consumer, ConsumerRecords<?, ?> records) {
		Map<TopicPartition, Long> first = new HashMap<>();
		for (ConsumerRecord<?, ?> record : records) {
			first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
		}
		first.forEach((partition, offset) -> whileAssigned(partition, () -> consumer.seek(partition, offset)));
		log.debug("Records polled during a job are fetched again after it: {}", first);
	}

	/**
	 * Act on a partition unless it was revoked meanwhile: the consumer protocol's client
	 * updates its assignment on its own thread, just after the revocation callback, so
	 * {@code assignment()} may still list a partition that is gone.
	 * @return whether it was done
	 */
	private static boolean whileAssigned(TopicPartition partition, Runnable action) {
		try {
			action.run();
			return true;
		}
		catch (IllegalStateException ex) {
			log.debug("{} is no longer assigned: {}", partition, ex.getMessage());
			return false;
		}
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(failure);
	}

}
