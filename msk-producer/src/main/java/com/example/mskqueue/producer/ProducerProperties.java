package com.example.mskqueue.producer;

import java.util.regex.Pattern;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the producer service, bound from {@code jobs.*} (defaults in
 * {@code application.yml}).
 *
 * @param topic the work topic the form suggests and the consumer listens to
 * @param defaultPartitions the partition count the form suggests for a new topic
 * @param maxJobsPerRequest the most jobs one request may ask for
 * @param maxPartitions the most partitions a request may ask a new topic to have
 * @param allowedTopics the topics requests may write to; names Kafka rejects and internal topics
 * are refused whatever this says
 */
@Validated
@ConfigurationProperties("jobs")
public record ProducerProperties(@NotBlank String topic, @Min(1) int defaultPartitions,
		@Min(1) @Max(10_000_000) int maxJobsPerRequest, @Min(1) int maxPartitions, @NotNull Pattern allowedTopics) {

	/** The dead-letter topic that goes with {@code topic}. */
	public static String deadLetterTopicOf(String topic) {
		return topic + "-dlt";
	}

}
