package com.example.mskqueue.consumer.group;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.work.JobProcessor;
import com.example.mskqueue.consumer.work.JobRecord;

/**
 * Receives jobs as a member of a consumer group ({@code spring.kafka.consumer.group-id}), one
 * record per poll, and commits each one's offset only after it is done.
 * <p>
 * A job that throws is handed to the container's error handler (see
 * {@code DeadLetterConfiguration}): invalid values go to the dead-letter topic at once, other
 * failures are retried first.
 */
@Component
@ConditionalOnProperty(name = "jobs.mode", havingValue = "group", matchIfMissing = true)
class GroupJobListener {

	/** How long to wait before taking records again after a failed commit. */
	static final Duration AFTER_FAILED_COMMIT = Duration.ofSeconds(1);

	private final JobProcessor processor;

	/** Only the listener's single consumer thread reads and writes it. */
	private boolean lastCommitFailed;

	GroupJobListener(JobProcessor processor) {
		this.processor = processor;
	}

	@KafkaListener(id = "jobs", idIsGroup = false, topics = "${jobs.topic}")
	void onJob(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
		if (this.lastCommitFailed) {
			// A failed commit usually means this member lost its partitions (it was frozen or cut
			// off past its session timeout), and this record was fetched before that: another
			// member owns it now. Hand it back and poll again, which lets the consumer learn of
			// its new assignment, instead of doing a job that is being done elsewhere.
			this.lastCommitFailed = false;
			acknowledgment.nack(AFTER_FAILED_COMMIT);
			return;
		}
		this.lastCommitFailed = !this.processor.process(JobRecord.of(record), acknowledgment::acknowledge);
	}

}
