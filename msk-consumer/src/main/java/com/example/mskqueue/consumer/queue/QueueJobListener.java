package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.ShareAcknowledgment;

import com.example.mskqueue.consumer.deadletter.DeadLetterReport;
import com.example.mskqueue.consumer.deadletter.QueueDeadLetters;
import com.example.mskqueue.consumer.deadletter.QueueSettlement;
import com.example.mskqueue.consumer.job.DoneJob;
import com.example.mskqueue.consumer.job.JobLog;
import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.consumer.job.JobRunner;
import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.contract.JobState;

/**
 * Receives jobs as a member of a share group: each of the {@code WORKERS} share consumers
 * gets records from the partitions it shares, one at a time, and settles each explicitly,
 * as {@link QueueSettlement} decides (accept, renew, release, retry after a back-off,
 * dead-letter then reject, keep): this class only carries the decisions out on the share
 * consumer.
 * <p>
 * A running job's lock is renewed with a request of its own ({@link RecordLockRenewal});
 * the Kafka client completes a renewal by handing the same record back on its next poll,
 * which is recognised as the job in hand and waited for again, never started twice. If
 * the broker refused the renewal, the job runs on, and is adopted if the broker delivers
 * the same record here again. A record that waited half a lock or more in the client
 * before its turn has its lock renewed before it starts, so that a delivery the broker
 * already ended is never run. A job is only rejected once its dead letter is stored.
 */
class QueueJobListener {

	private static final Logger log = LoggerFactory.getLogger(QueueJobListener.class);

	/** The listener container's id. */
	static final String ID = "queue-jobs";

	private final QueueWorkers workers;

	private final JobRunner runner;

	private final QueueDeadLetters deadLetters;

	private final DeadLetterReport deadLetterReport;

	private final QueueSettlement settlement;

	private final QueueProperties properties;

	private final RecordLockRenewal renewal;

	private final JobLifecycle lifecycle;

	/**
	 * Whether this listener's container still runs: it polls again as soon as the
	 * listener returns.
	 */
	private final BooleanSupplier containerRunning;

	/** What each share consumer (one per container thread) holds between its polls. */
	private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);

	QueueJobListener(QueueWorkers workers, JobRunner runner, QueueDeadLetters deadLetters,
			DeadLetterReport deadLetterReport, QueueSettlement settlement, JobLifecycle lifecycle,
			QueueProperties properties, BooleanSupplier containerRunning) {
		this.settlement = settlement;
		this.lifecycle = lifecycle;
		this.workers = workers;
		this.runner = runner;
		this.deadLetters = deadLetters;
		this.deadLetterReport = deadLetterReport;
		this.properties = properties;
		this.renewal = new RecordLockRenewal(properties.recordLockDuration());
		this.containerRunning = containerRunning;
	}

	// The share group is the share consumer factory's group.id.
	@KafkaListener(id = ID, idIsGroup = false, topics = "${jobs.topic}",
			containerFactory = "shareKafkaListenerContainerFactory")
	void onJob(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment,
			ShareConsumer<String, byte[]> consumer) throws InterruptedException {
		Slot slot = this.slots.get();
		Instant now = Instant.now();
		// A new record was fetched once the previous new one was handed out, at the
		// earliest, and waited behind the whole job of that one, renewals included.
		Instant lockedSince = now;
		if (slot.job == null || !slot.job.isFor(record)) {
			lockedSince = (slot.lastNewRecord != null) ? slot.lastNewRecord : now;
			slot.lastNewRecord = now;
			if (slot.job != null) {
				loseJobInHand(slot);
			}
		}
		if (slot.job == null) {
			if (slot.pendingDeadLetter != null && slot.pendingDeadLetter.position().isOf(record)) {
				deadLetterAndReject(slot, record, acknowledgment, consumer, slot.pendingDeadLetter.reason(),
						slot.pendingDeadLetter.failure());
				return;
			}
			int delivery = delivery(record);
			Duration renewAfter = this.renewal.renewAfter(consumer);
			boolean waitedHalfALock = RecordLockRenewal.untilRenewal(lockedSince, renewAfter, now).isZero();
			QueueSettlement.Decision arrival = this.settlement.onArrival(delivery, this.workers.isStopping(),
					waitedHalfALock);
			switch (arrival.action()) {
				case RELEASE -> {
					acknowledgment.release();
					JobLog.of(log.atInfo(), "job-released", record)
						.log("Stopping: released job key={} partition={} offset={} without starting it", record.key(),
								record.partition(), record.offset());
					awaitContainerStop();
					return;
				}
				case CONFIRM -> {
					confirmLock(record, consumer, renewAfter, lockedSince, now);
					return;
				}
				case DEAD_LETTER -> {
					deadLetterAndReject(slot, record, acknowledgment, consumer, arrival.reason(),
							new IllegalStateException("delivered " + delivery + " times without being done: earlier "
									+ "tries failed or their consumer stopped mid-job"));
					return;
				}
				default -> slot.job = this.workers.start(record, lockedSince);
			}
		}
		awaitAndSettle(slot, acknowledgment, consumer);
	}

	/**
	 * Renew the lock of a record that waited in the client's buffer (fetched while the
	 * job before it ran) before starting it: its delivery may have ended while it waited,
	 * and the broker may have given it to another member, which the client does not
	 * learn. Renewed, the record comes back on the next poll and is decided again;
	 * refused, it is not started here.
	 */
	private void confirmLock(ConsumerRecord<String, byte[]> record, ShareConsumer<String, byte[]> consumer,
			Duration renewAfter, Instant lockedSince, Instant now) {
		Optional<String> refusal = this.renewal.renew(consumer, record, renewAfter);
		long waited = Duration.between(lockedSince, now).toMillis();
		if (refusal.isEmpty()) {
			JobLog.of(log.atInfo(), "job-lock-confirmed", record)
				.log("Job key={} partition={} offset={} waited up to {} ms in the client: record lock renewed before "
						+ "starting it", record.key(), record.partition(), record.offset(), waited);
		}
		else {
			JobLog.of(log.atWarn(), "job-delivery-ended", record)
				.log("Job key={} partition={} offset={} waited up to {} ms in the client and its record lock could "
						+ "not be renewed: not started here, the broker delivers it again ({})", record.key(),
						record.partition(), record.offset(), waited, refusal.get());
		}
	}

	/**
	 * The job in hand's record did not come back after its renewal: its delivery ended
	 * (the lock expired or its partition's leader moved), and another member may do it
	 * again.
	 */
	private void loseJobInHand(Slot slot) throws InterruptedException {
		JobInHand job = slot.job;
		JobLog.of(log.atWarn(), "job-lock-lost", job.record())
			.log("Lost the record lock of the job in hand (key={} partition={} offset={}); finishing it before the "
					+ "next one, which may then be done twice", job.record().key(), job.record().partition(),
					job.record().offset());
		DoneJob done = job.awaitEnd();
		if (done != null) {
			this.runner.settlementFailed(done, "its record lock was lost");
		}
		finish(slot);
	}

	private void awaitAndSettle(Slot slot, ShareAcknowledgment acknowledgment, ShareConsumer<String, byte[]> consumer)
			throws InterruptedException {
		ConsumerRecord<String, byte[]> record = slot.job.record();
		Duration renewAfter = this.renewal.renewAfter(consumer);
		DoneJob done;
		try {
			done = slot.job
				.awaitWork(RecordLockRenewal.untilRenewal(slot.job.lockedSince(), renewAfter, Instant.now()));
		}
		catch (ExecutionException ex) {
			finish(slot);
			settleFailure(slot, record, acknowledgment, consumer, ex.getCause());
			return;
		}
		if (done == null && this.settlement.whileRunning().action() == QueueSettlement.Action.RENEW) {
			Optional<String> refusal = this.renewal.renew(consumer, record, renewAfter);
			slot.job.renewed(Instant.now());
			if (refusal.isEmpty()) {
				JobLog.of(log.atInfo(), "job-lock-renewed", record)
					.log("Job key={} partition={} offset={} still running: record lock renewed (every {} ms)",
							record.key(), record.partition(), record.offset(), renewAfter.toMillis());
			}
			else {
				JobLog.of(log.atWarn(), "job-lock-lost", record)
					.log("Could not renew the record lock of the job in hand (key={} partition={} offset={}), which "
							+ "runs on; the broker may deliver it again, here or to another member: {}", record.key(),
							record.partition(), record.offset(), refusal.get());
			}
			return;
		}
		acknowledgment.acknowledge();
		finish(slot);
		this.runner.settled(done);
	}

	private void settleFailure(Slot slot, ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment,
			ShareConsumer<String, byte[]> consumer, Throwable failure) throws InterruptedException {
		int delivery = delivery(record);
		QueueSettlement.Decision decision = this.settlement.onWorkEnded(failure, delivery);
		switch (decision.action()) {
			case DEAD_LETTER -> deadLetterAndReject(slot, record, acknowledgment, consumer, decision.reason(), failure);
			case RETRY -> {
				JobLog.of(log.atWarn(), "job-failed", record)
					.log("Job failed on try {} of {}; released for another try in {} ms: key={} partition={} "
							+ "offset={}: {}", delivery, this.settlement.tries(), decision.backOff().toMillis(),
							record.key(), record.partition(), record.offset(), failure.toString());
				JobRecord job = JobRecord.of(record);
				this.lifecycle.record(job.key(),
						job.event(JobState.RETRYING, Instant.now()).because(failure.toString()));
				Thread.sleep(decision.backOff().toMillis());
				acknowledgment.release();
			}
			default -> acknowledgment.release();
		}
	}

	private void deadLetterAndReject(Slot slot, ConsumerRecord<String, byte[]> record,
			ShareAcknowledgment acknowledgment, ShareConsumer<String, byte[]> consumer, String reason,
			Throwable failure) {
		Duration renewAfter = this.renewal.renewAfter(consumer);
		try {
			String deadLetterTopic = this.deadLetters.publish(record, reason, failure, renewAfter);
			acknowledgment.reject();
			slot.pendingDeadLetter = null;
			this.deadLetterReport.stored(record, reason, deadLetterTopic, failure);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (this.settlement.onDeadLetterFailed(this.workers.isStopping())
				.action() == QueueSettlement.Action.RELEASE) {
				JobLog.of(log.atError(), "job-released", record)
					.log("Stopping, and could not dead-letter job key={} partition={} offset={} (delivery {}): released. "
							+ "{}", record.key(), record.partition(), record.offset(), delivery(record), ex.toString());
				acknowledgment.release();
				return;
			}
			// Keep it rather than release it: a release would use up a delivery, and
			// after the last one the broker archives the record without a dead letter.
			slot.pendingDeadLetter = new PendingDeadLetter(RecordPosition.of(record), reason, failure);
			Optional<String> refusal = this.renewal.renew(consumer, record, renewAfter);
			JobLog.of(log.atWarn(), "job-dead-letter-failed", record)
				.log("Could not dead-letter job key={} partition={} offset={}; {}: {}", record.key(),
						record.partition(), record.offset(),
						refusal.map((refused) -> "and could not keep it (" + refused + "); dead-lettered if it returns")
							.orElse("kept and tried again"),
						ex.toString());
		}
	}

	private void finish(Slot slot) {
		this.workers.finished(slot.job);
		slot.job = null;
	}

	/**
	 * Hold the consumer thread until the container stops, so that it polls no more
	 * records only to release them: each would cost a delivery.
	 */
	private void awaitContainerStop() throws InterruptedException {
		long deadline = System.nanoTime() + this.properties.recordLockDuration().toNanos();
		while (this.containerRunning.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private static int delivery(ConsumerRecord<?, ?> record) {
		return record.deliveryCount().orElse((short) 1);
	}

	/**
	 * A record whose dead letter could not be written yet: on its return, dead-letter it
	 * again.
	 */
	private record PendingDeadLetter(RecordPosition position, String reason, Throwable failure) {
	}

	/**
	 * One share consumer's job in hand and pending dead letter, touched only by its own
	 * thread.
	 */
	private static final class Slot {

		private JobInHand job;

		private PendingDeadLetter pendingDeadLetter;

		/**
		 * When this share consumer last handed the listener a record other than the job
		 * in hand coming back renewed.
		 */
		private Instant lastNewRecord;

	}

}
