package com.example.mskqueue.consumer;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consumer service, bound from {@code jobs.*} (defaults in
 * {@code application.yml}).
 *
 * @param topic the work topic to listen to
 * @param partitions the partition count the work topic and its dead-letter topic get if they do
 * not exist yet (existing topics with fewer partitions are raised to it, never lowered)
 * @param workUnit how long one unit of a job's value takes: {@code 1s} in production, a few
 * milliseconds in tests and benchmarks ({@code WORK_UNIT})
 * @param maxJobSeconds the largest value a job may have; larger values are dead-lettered
 * @param groupProtocol how the consumer group assigns partitions ({@code GROUP_PROTOCOL})
 * @param ecsAgentUri the ECS agent endpoint ({@code ECS_AGENT_URI}, set by ECS inside a task);
 * when present, the task is protected from scale-in while it works on a job
 */
@Validated
@ConfigurationProperties("jobs")
public record ConsumerProperties(@NotBlank String topic, @Min(1) int partitions, @NotNull Duration workUnit,
		@Min(0) @Max(3600) int maxJobSeconds, @NotNull GroupProtocol groupProtocol, String ecsAgentUri) {

	/** The dead-letter topic of the work topic. */
	public String deadLetterTopic() {
		return this.topic + "-dlt";
	}

	/** How long the longest job this consumer accepts takes. */
	public Duration longestJob() {
		return this.workUnit.multipliedBy(this.maxJobSeconds);
	}

	/** The consumer group protocols this consumer can use. */
	public enum GroupProtocol {

		/**
		 * KIP-848's consumer protocol ({@code group.protocol=consumer}): the broker assigns
		 * partitions incrementally; members that keep their partitions never stop.
		 */
		CONSUMER,

		/**
		 * The classic protocol with the cooperative-sticky assignor, for brokers older than
		 * Apache Kafka 4.0.
		 */
		CLASSIC_COOPERATIVE

	}

}
