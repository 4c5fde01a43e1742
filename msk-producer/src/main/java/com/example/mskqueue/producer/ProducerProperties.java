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
 * @param consumerMode how the consumers share the work ({@code CONSUMER_MODE}, as the
 * consumers have it): it decides which group the lag monitor watches and how many
 * partitions a new topic gets by default
 * @param defaultPartitions the partition count the form suggests for a new topic; unset:
 * see {@link #formPartitions()}
 * @param maxJobsPerRequest the most jobs one request may ask for
 * @param maxPartitions the most partitions a request may ask a new topic to have
 * @param allowedTopics the topics requests may write to; names Kafka rejects and internal
 * topics are refused whatever this says
 */
@Validated
@ConfigurationProperties("jobs")
public record ProducerProperties(@NotBlank String topic, @NotNull ConsumerMode consumerMode,
		@Min(1) Integer defaultPartitions, @Min(1) @Max(10_000_000) int maxJobsPerRequest, @Min(1) int maxPartitions,
		@NotNull Pattern allowedTopics) {

	/**
	 * The partition count the form suggests: {@code defaultPartitions} when set, else 5
	 * for consumer groups and 1 for share groups, which share a partition among about
	 * members / partitions members (with one, every consumer takes every job).
	 */
	public int formPartitions() {
		if (this.defaultPartitions != null) {
			return this.defaultPartitions;
		}
		return (this.consumerMode == ConsumerMode.QUEUE) ? 1 : 5;
	}

	/** How the consumers share the work (the consumer's {@code jobs.mode}). */
	public enum ConsumerMode {

		/** A consumer group: one consumer per partition. */
		GROUP,

		/** A share group (Kafka 4.2+): consumers share partitions, record by record. */
		QUEUE

	}

	/** The dead-letter topic that goes with {@code topic}. */
	public static String deadLetterTopicOf(String topic) {
		return topic + "-dlt";
	}

}
