package com.example.mskqueue.consumer.queue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.ShareAcknowledgment;

import com.example.mskqueue.consumer.work.InvalidJobException;
import com.example.mskqueue.consumer.work.JobProcessor;
import com.example.mskqueue.consumer.work.JobRecord;

/**
 * Receives jobs as a member of a share group: every member gets records from every partition, one
 * at a time, and settles each explicitly. Done: accept. Invalid value, or a job that has failed on
 * {@code jobs.queue.max-deliveries} deliveries: dead-letter, then reject. Any other failure:
 * release, so that another member tries it again. A job is never rejected unless its dead letter
 * was acknowledged; if that fails, it is released instead (delayed, never lost).
 */
class QueueJobListener {

	private static final Logger log = LoggerFactory.getLogger(QueueJobListener.class);

	private final JobProcessor processor;

	private final QueueDeadLetters deadLetters;

	private final int maxDeliveries;

	QueueJobListener(JobProcessor processor, QueueDeadLetters deadLetters, QueueProperties properties) {
		this.processor = processor;
		this.deadLetters = deadLetters;
		this.maxDeliveries = properties.maxDeliveries();
	}

	@KafkaListener(id = "queue-jobs", topics = "${jobs.topic}", groupId = "${jobs.queue.share-group}",
			containerFactory = "shareKafkaListenerContainerFactory")
	void onJob(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment) {
		int delivery = record.deliveryCount().orElse((short) 1);
		try {
			this.processor.process(JobRecord.of(record), acknowledgment::acknowledge);
		}
		catch (InvalidJobException ex) {
			deadLetterAndReject(record, acknowledgment, ex);
		}
		catch (RuntimeException ex) {
			if (delivery >= this.maxDeliveries) {
				deadLetterAndReject(record, acknowledgment, ex);
			}
			else {
				log.warn("Job failed on delivery {} of {}, released for another try: key={} partition={} offset={}: {}",
						delivery, this.maxDeliveries, record.key(), record.partition(), record.offset(), ex.toString());
				acknowledgment.release();
			}
		}
	}

	private void deadLetterAndReject(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment,
			Exception reason) {
		try {
			this.deadLetters.publish(record, reason);
			acknowledgment.reject();
			log.warn("Job dead-lettered on delivery {}: key={} partition={} offset={}: {}",
					record.deliveryCount().orElse((short) 1), record.key(), record.partition(), record.offset(),
					reason.getMessage());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("Could not dead-letter job key={} partition={} offset={}; released to try again: {}", record.key(),
					record.partition(), record.offset(), ex.toString());
			acknowledgment.release();
		}
	}

}
