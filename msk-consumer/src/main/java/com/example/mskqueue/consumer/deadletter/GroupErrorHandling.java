package com.example.mskqueue.consumer.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.contract.InvalidValueException;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.WorkTopics;

/**
 * What happens to a job that fails in group mode: an invalid value goes straight to
 * {@code <topic>-dlt} (same partition, original bytes, spring-kafka's exception headers
 * and the contract's reason header); any other failure is tried again after a back-off,
 * up to {@link DeadLetterRules#tries()} tries in all, then dead-lettered. Each failed try
 * but the last is recorded as the job's {@code retrying} step. Once a job is
 * dead-lettered its offset is committed and the partition moves on; if the dead-letter
 * topic cannot be written, the job is not committed and is tried again.
 */
@Configuration(proxyBeanMethods = false)
public class GroupErrorHandling {

	@Bean
	DefaultErrorHandler jobErrorHandler(KafkaOperations<Object, Object> template, DeadLetterReport deadLetters,
			JobLifecycle lifecycle, DeadLetterRules rules) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template);
		publisher.setHeadersFunction((record, failure) -> {
			RecordHeaders headers = new RecordHeaders();
			headers.add(JobHeaders.DEAD_LETTER_REASON,
					DeadLetterRules.reasonOf(failure).getBytes(StandardCharsets.UTF_8));
			return headers;
		});
		ConsumerAwareRecordRecoverer publishThenReport = (record, consumer, failure) -> {
			publisher.accept(record, consumer, failure);
			deadLetters.stored(record, DeadLetterRules.reasonOf(failure), WorkTopics.deadLetterTopicOf(record.topic()),
					failure);
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(publishThenReport, rules.groupModeBackOff());
		handler.addNotRetryableExceptions(InvalidValueException.class);
		handler.setRetryListeners((record, failure, attempt) -> {
			if (!DeadLetterRules.isInvalidValue(failure) && !rules.isLastTry(attempt)) {
				JobRecord job = JobRecord.of(record);
				lifecycle.record(job.key(),
						job.event(JobState.RETRYING, Instant.now()).because(String.valueOf(failure)));
			}
		});
		// With manual acknowledgement the container commits nothing by itself: commit the
		// dead-lettered record's offset so that the partition moves on.
		handler.setCommitRecovered(true);
		return handler;
	}

}
