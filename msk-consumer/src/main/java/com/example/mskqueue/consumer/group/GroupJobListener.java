package com.example.mskqueue.consumer.group;

import org.apache.kafka.clients.consumer.ConsumerRecord;

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
class GroupJobListener {

	private final JobProcessor processor;

	GroupJobListener(JobProcessor processor) {
		this.processor = processor;
	}

	@KafkaListener(id = "jobs", idIsGroup = false, topics = "${jobs.topic}")
	void onJob(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
		this.processor.process(JobRecord.of(record), acknowledgment::acknowledge);
	}

}
