package com.example.mskqueue.consumer.deadletter;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.work.InvalidJobException;

/**
 * What happens to a job that fails: an invalid value goes straight to {@code <topic>-dlt} (same
 * partition, original bytes, spring-kafka's exception headers); any other failure is retried with
 * back-off before it is dead-lettered. Once a job is dead-lettered its offset is committed and the
 * partition moves on; if the dead-letter topic cannot be written, the job is not committed and is
 * tried again.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	/** The largest dead letter, matching the consumer's {@code max.request.size}. */
	static final int DEAD_LETTER_MAX_BYTES = 8 * 1024 * 1024;

	@Bean
	DefaultErrorHandler jobErrorHandler(KafkaOperations<Object, Object> template) {
		DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template),
				transientFailureBackOff());
		handler.addNotRetryableExceptions(InvalidJobException.class);
		// With manual acknowledgement the container commits nothing by itself: commit the
		// dead-lettered record's offset so that the partition moves on.
		handler.setCommitRecovered(true);
		return handler;
	}

	@Bean
	NewTopic workTopic(ConsumerProperties properties) {
		return TopicBuilder.name(properties.topic()).partitions(properties.topicPartitions()).build();
	}

	@Bean
	NewTopic deadLetterTopic(ConsumerProperties properties) {
		// A dead letter is the original record plus exception headers (a stack trace): give it
		// room beyond the broker's 1 MB default, or one large bad record could never be
		// dead-lettered and would be retried forever.
		return TopicBuilder.name(properties.deadLetterTopic())
			.partitions(properties.topicPartitions())
			.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_BYTES))
			.build();
	}

	private static ExponentialBackOff transientFailureBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(5_000);
		backOff.setMaxElapsedTime(15_000);
		return backOff;
	}

}
