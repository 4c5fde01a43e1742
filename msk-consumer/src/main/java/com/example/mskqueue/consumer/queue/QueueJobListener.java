package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.ShareAcknowledgment;

import com.example.mskqueue.consumer.work.InvalidJobException;
import com.example.mskqueue.consumer.work.JobInterruptedException;

/**
 * Receives jobs as a member of a share group: every member gets records from the partitions it
 * shares, one at a time, and settles each explicitly.
 * <ul>
 * <li>Done: accept.</li>
 * <li>Still running after half the record lock: renew the lock and return to the consumer, which
 * hands the same record back on its next poll (that is how the Kafka client completes a renewal);
 * it is recognised as the job in hand and waited for again, never started twice.</li>
 * <li>Invalid value: dead-letter, then reject.</li>
 * <li>Any other failure: back off and release, so that any member tries it again; on its last
 * try, dead-letter and reject instead.</li>
 * <li>Delivered for the {@code jobs.queue.max-deliveries}th time (earlier deliveries failed, or
 * their consumer died): dead-letter and reject without trying it, since the broker would
 * archive it silently if this delivery ended any other way.</li>
 * <li>A job is only rejected once its dead letter is stored. If the dead-letter topic cannot be
 * written, the record is kept (its lock renewed) and dead-lettered again on its next return.</li>
 * </ul>
 */
class QueueJobListener {

	private static final Logger log = LoggerFactory.getLogger(QueueJobListener.class);

	/** The listener container's id. */
	static final String ID = "queue-jobs";

	private final QueueWorker worker;

	private final QueueDeadLetters deadLetters;

	private final QueueProperties properties;

	/** Whether this listener's container still runs: it polls again as soon as the listener returns. */
	private final BooleanSupplier containerRunning;

	/** A record whose dead letter could not be written yet: on its return, dead-letter it again. */
	private PendingDeadLetter pendingDeadLetter;

	QueueJobListener(QueueWorker worker, QueueDeadLetters deadLetters, QueueProperties properties,
			BooleanSupplier containerRunning) {
		this.worker = worker;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.containerRunning = containerRunning;
	}

	private record PendingDeadLetter(RecordPosition position, Exception reason) {
	}

	@KafkaListener(id = ID, topics = "${jobs.topic}", groupId = "${jobs.queue.share-group}",
			containerFactory = "shareKafkaListenerContainerFactory")
	void onJob(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment) throws InterruptedException {
		JobInHand job = this.worker.current();
		if (job != null && !job.isFor(record)) {
			// The job in hand's record did not come back after its renewal: its delivery ended (the
			// lock expired or its partition's leader moved), and another member may do it again.
			log.warn("Lost the record lock of the job in hand (key={} partition={} offset={}); finishing it before "
					+ "the next one, which may then be done twice", job.record().key(), job.record().partition(),
					job.record().offset());
			job.lost();
			job.awaitFinished();
			this.worker.finished(job);
			job = null;
		}
		if (job == null) {
			if (this.pendingDeadLetter != null && this.pendingDeadLetter.position().isOf(record)) {
				deadLetterAndReject(record, acknowledgment, this.pendingDeadLetter.reason());
				return;
			}
			if (this.worker.isStopping()) {
				acknowledgment.release();
				log.info("Stopping: released job key={} partition={} offset={} without starting it", record.key(),
						record.partition(), record.offset());
				awaitContainerStop();
				return;
			}
			int delivery = delivery(record);
			if (delivery >= this.properties.maxDeliveries()) {
				deadLetterAndReject(record, acknowledgment, new DeliveryLimitException(delivery));
				return;
			}
			job = this.worker.start(record);
		}
		awaitAndSettle(job, acknowledgment);
	}

	private void awaitAndSettle(JobInHand job, ShareAcknowledgment acknowledgment) throws InterruptedException {
		ConsumerRecord<String, byte[]> record = job.record();
		try {
			if (!job.awaitWork(this.properties.renewAfter())) {
				acknowledgment.renew();
				log.info("Job key={} partition={} offset={} still running after {} ms: record lock renewed", record.key(),
						record.partition(), record.offset(), this.properties.renewAfter().toMillis());
				return;
			}
			acknowledgment.acknowledge();
			job.accepted();
		}
		catch (ExecutionException ex) {
			job.awaitFinished();
			this.worker.finished(job);
			settleFailure(record, acknowledgment, ex.getCause());
			return;
		}
		job.awaitFinished();
		this.worker.finished(job);
	}

	private void settleFailure(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment,
			Throwable failure) throws InterruptedException {
		int delivery = delivery(record);
		if (failure instanceof InvalidJobException invalid) {
			deadLetterAndReject(record, acknowledgment, invalid);
		}
		else if (failure instanceof JobInterruptedException) {
			acknowledgment.release();
		}
		else if (delivery + 1 >= this.properties.maxDeliveries()) {
			deadLetterAndReject(record, acknowledgment, asException(failure));
		}
		else {
			Duration backOff = QueueProperties.releaseBackOff(delivery);
			log.warn("Job failed on try {} of {}; released for another try in {} ms: key={} partition={} offset={}: {}",
					delivery, this.properties.maxDeliveries() - 1, backOff.toMillis(), record.key(), record.partition(),
					record.offset(), failure.toString());
			Thread.sleep(backOff.toMillis());
			acknowledgment.release();
		}
	}

	private void deadLetterAndReject(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment,
			Exception reason) {
		try {
			this.deadLetters.publish(record, reason, this.properties.renewAfter());
			acknowledgment.reject();
			this.pendingDeadLetter = null;
			log.warn("Job dead-lettered on delivery {}: key={} partition={} offset={}: {}", delivery(record), record.key(),
					record.partition(), record.offset(), reason.getMessage());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (this.worker.isStopping()) {
				log.error("Stopping, and could not dead-letter job key={} partition={} offset={} (delivery {}): released. "
						+ "{}", record.key(), record.partition(), record.offset(), delivery(record), ex.toString());
				acknowledgment.release();
				return;
			}
			// Keep it rather than release it: a release would use up a delivery, and after the last
			// one the broker archives the record without a dead letter.
			this.pendingDeadLetter = new PendingDeadLetter(RecordPosition.of(record), reason);
			acknowledgment.renew();
			log.warn("Could not dead-letter job key={} partition={} offset={}; kept and tried again: {}", record.key(),
					record.partition(), record.offset(), ex.toString());
		}
	}

	/**
	 * Hold the consumer thread until the container stops, so that it polls no more records only to
	 * release them: each would cost a delivery.
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

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new IllegalStateException(failure);
	}

	/** A job delivered as often as the broker allows without having been accepted. */
	static class DeliveryLimitException extends RuntimeException {

		DeliveryLimitException(int delivery) {
			super("delivered " + delivery + " times without being done: earlier tries failed or their consumer stopped "
					+ "mid-job");
		}

	}

}
