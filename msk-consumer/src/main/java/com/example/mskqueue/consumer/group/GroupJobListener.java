package com.example.mskqueue.consumer.group;

import java.time.Duration;
import java.util.Collection;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.AcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

import com.example.mskqueue.consumer.job.DoneJob;
import com.example.mskqueue.consumer.job.JobRunner;

/**
 * Receives jobs as a member of a consumer group ({@code spring.kafka.consumer.group-id}),
 * one record per poll, and commits each one's offset only after it is done. With
 * {@code WORKERS} above 1 the container runs that many consumers, each calling this
 * listener on its own thread.
 * <p>
 * A job that throws is handed to the container's error handler
 * ({@code deadletter.GroupErrorHandling}): invalid values go to the dead-letter topic at
 * once, other failures are retried first.
 * <p>
 * The job runs on a thread of its own while the worker's consumer keeps polling, paused
 * ({@link JobInHand}), so that a member joining the group gets its partitions within
 * about a heartbeat instead of after this worker's next jobs. It is also the container's
 * rebalance listener: when the partition of the job in hand is revoked, the revocation
 * waits for the job and commits it before the partition moves, so its new owner never
 * does it again.
 * <p>
 * A plain listener rather than a {@code @KafkaListener} method: spring-kafka's adapter
 * for those is {@code ConsumerSeekAware}, so on every assignment the container asks the
 * consumer for its positions. A consumer-protocol member that is given partitions while
 * it leaves the group (on a stop, when other members left just before it) cannot answer
 * that inside its unsubscribe, and the stop hung until the JVM gave up (20 s), leaving
 * the group without a word. See docs/reliability.md, "Stopping while the group moves".
 */
class GroupJobListener
		implements AcknowledgingConsumerAwareMessageListener<String, byte[]>, ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(GroupJobListener.class);

	/** How many times a commit refused for a stale member epoch is sent. */
	static final int STALE_EPOCH_ATTEMPTS = 3;

	/** How long to wait before taking records again after a failed commit. */
	static final Duration AFTER_FAILED_COMMIT = Duration.ofSeconds(1);

	private final JobRunner runner;

	/**
	 * Whether the last commit of this consumer thread failed; each worker has its own.
	 */
	private final ThreadLocal<Boolean> lastCommitFailed = ThreadLocal.withInitial(() -> false);

	/** The job in hand of this consumer thread, if any. */
	private final ThreadLocal<JobInHand> inHand = new ThreadLocal<>();

	/** How long the consumer is polled during a job: the longest job. */
	private final Duration pollDuringJobsFor;

	GroupJobListener(JobRunner runner, Duration longestJob) {
		this.runner = runner;
		this.pollDuringJobsFor = longestJob;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment,
			Consumer<?, ?> consumer) {
		if (this.lastCommitFailed.get()) {
			// A failed commit usually means this member lost its partitions (it was
			// frozen or cut off past its session timeout), and this record was fetched
			// before that: another member owns it now. Hand it back and poll again, which
			// lets the consumer learn of its new assignment, instead of doing a job that
			// is being done elsewhere.
			this.lastCommitFailed.set(false);
			acknowledgment.nack(AFTER_FAILED_COMMIT);
			return;
		}
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (!consumer.assignment().contains(partition)) {
			// Fetched before this member lost the partition (frozen or cut off past its
			// session timeout; the poll that learned of the loss still handed it out):
			// its new owner does it. Done here too, it would be done twice, and its
			// commit silently dropped.
			log.info("Skipped job key={} partition={} offset={}: the partition is no longer this member's",
					record.key(), record.partition(), record.offset());
			return;
		}
		JobInHand job = JobInHand.start(record, acknowledgment, this.runner::run);
		this.inHand.set(job);
		DoneJob done;
		try {
			done = job.awaitPolling(consumer, this.pollDuringJobsFor);
		}
		catch (RuntimeException ex) {
			if (job.isRevokedAfterFailure()) {
				return;
			}
			throw ex;
		}
		finally {
			this.inHand.remove();
		}
		if (!job.isSettled()) {
			settle(job, done, consumer);
		}
	}

	/**
	 * The partition of the job in hand is being revoked: the revocation (and so the
	 * partition's move) waits until the job is done and committed.
	 */
	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		JobInHand job = this.inHand.get();
		if (job == null || job.isLost() || job.isSettled() || !job.isIn(partitions)) {
			return;
		}
		ConsumerRecord<?, ?> record = job.record();
		log.info("Partition {} is revoked during job key={} offset={}: it moves once the job is done and committed",
				record.partition(), record.key(), record.offset());
		DoneJob done;
		try {
			done = job.await();
		}
		catch (RuntimeException ex) {
			job.revokedAfterFailure();
			log.info("Job key={} partition={} offset={} failed while its partition was revoked; its new owner tries "
					+ "it again: {}", record.key(), record.partition(), record.offset(), ex.toString());
			return;
		}
		job.settled();
		settle(job, done, consumer);
	}

	/**
	 * This member was cut off from the group: nothing can be committed for the job in
	 * hand, and its partition's new owner may be doing it already.
	 */
	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		JobInHand job = this.inHand.get();
		if (job != null && job.isIn(partitions)) {
			job.lost();
		}
	}

	/**
	 * Commit a done job. A job that is done must not be done again because its commit
	 * failed (a rebalance or a broker restart in between): the failure is logged and the
	 * job counts as done. If the partition moved to another member, that member does it
	 * again (at-least-once).
	 */
	private void settle(JobInHand job, DoneJob done, Consumer<?, ?> consumer) {
		try {
			commit(job.record(), job.acknowledgment(), consumer);
		}
		catch (RuntimeException ex) {
			this.runner.settlementFailed(done, "commit failed: " + ex);
			this.lastCommitFailed.set(true);
			return;
		}
		if (job.isLost()) {
			continuePastTheCommittedJob(job.record(), consumer);
		}
		this.runner.settled(done);
	}

	/**
	 * The job's partition was lost during the job (this member was fenced, frozen or cut
	 * off past its session timeout) and came back to it when it rejoined, from the offset
	 * committed before the job; the job's own commit came after that, so without a seek
	 * the job would be fetched from the older position and done again.
	 */
	private static void continuePastTheCommittedJob(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (consumer.assignment().contains(partition) && consumer.position(partition) <= record.offset()) {
			log.info("Partition {} came back to this member during job key={} offset={}: continuing after it",
					record.partition(), record.key(), record.offset());
			consumer.seek(partition, record.offset() + 1);
		}
	}

	/**
	 * Commit the job's offset. A commit that meets a new epoch of the group (a member
	 * joined or left a moment before, as when a task's other workers leave on SIGTERM) is
	 * refused for a stale member epoch although this member still owns the partition; the
	 * client knows the new epoch by then, so the commit is sent again, as Kafka's own
	 * auto-commit does before a rebalance. Without this, a stopping task left finished
	 * jobs uncommitted and another task did them again.
	 */
	private void commit(ConsumerRecord<?, ?> record, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		for (int attempt = 1;; attempt++) {
			try {
				acknowledgment.acknowledge();
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= STALE_EPOCH_ATTEMPTS || !isStaleMemberEpoch(ex)
						|| !consumer.assignment().contains(partition)) {
					throw ex;
				}
				log.info("Commit of partition={} offset={} met a new group epoch; sending it again", record.partition(),
						record.offset());
			}
		}
	}

	private static boolean isStaleMemberEpoch(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CommitFailedException && cause.getMessage() != null
					&& cause.getMessage().contains(Errors.STALE_MEMBER_EPOCH.message())) {
				return true;
			}
		}
		return false;
	}

}
