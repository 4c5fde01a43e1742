package com.example.mskqueue.producer;

import java.util.regex.Pattern;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.example.mskqueue.contract.ConsumerMode;

/**
 * Settings of the producer service, bound from {@code jobs.*} (defaults in
 * {@code application.yml}).
 *
 * @param topic the work topic: the form's default and the topic the consumers listen to
 * @param consumerMode how the consumers share the work ({@code CONSUMER_MODE}, as the
 * consumers have it): it decides which group the lag monitor watches and how many
 * partitions a new topic gets by default
 * @param defaultPartitions the partition count of a new topic when a request names none;
 * unset: the consumer mode's default (5 in group mode, 1 in queue mode)
 * @param maxJobsPerRequest the most jobs one request may ask for
 * @param maxPartitions the most partitions a request may ask a new topic to have
 * @param allowedTopics the topics requests may write to; names Kafka rejects, internal
 * topics and dead-letter topics are refused whatever this says
 */
@Validated
@ConfigurationProperties("jobs")
public record ProducerProperties(@NotBlank String topic, @NotNull ConsumerMode consumerMode,
		@Min(1) Integer defaultPartitions, @Min(1) @Max(10_000_000) int maxJobsPerRequest, @Min(1) int maxPartitions,
		@NotNull Pattern allowedTopics) {

	/** The partition count of a new topic when a request names none. */
	public int newTopicPartitions() {
		return (this.defaultPartitions != null) ? this.defaultPartitions : this.consumerMode.defaultPartitions();
	}

}
