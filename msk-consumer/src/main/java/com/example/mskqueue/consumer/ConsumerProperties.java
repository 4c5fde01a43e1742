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
 * @param mode how the consumers share the work: a consumer group or a share group
 * ({@code CONSUMER_MODE})
 * @param topic the work topic to listen to
 * @param partitions the partition count the work topic and its dead-letter topic get if they do
 * not exist yet (existing topics with fewer partitions are raised to it, never lowered); unset:
 * see {@link #topicPartitions()}
 * @param workUnit how long one unit of a job's value takes: {@code 1s} in production, a few
 * milliseconds in tests and benchmarks ({@code WORK_UNIT})
 * @param maxJobSeconds the largest value a job may have; larger values are dead-lettered
 * @param groupProtocol how the consumer group assigns partitions ({@code GROUP_PROTOCOL})
 * @param ecsAgentUri the ECS agent endpoint ({@code ECS_AGENT_URI}, set by ECS inside a task);
 * when present, the task is protected from scale-in while it works on a job
 */
@Validated
@ConfigurationProperties("jobs")
public record ConsumerProperties(@NotNull Mode mode, @NotBlank String topic, @Min(1) Integer partitions,
		@NotNull Duration workUnit, @Min(0) @Max(3600) int maxJobSeconds, @NotNull GroupProtocol groupProtocol,
		String ecsAgentUri) {

	/**
	 * The partitions of a work topic this consumer creates: {@code partitions} when set, else 5 in
	 * group mode (one consumer per partition, so as many as consumers usually run) and 1 in queue
	 * mode (the broker shares a partition among about members / partitions members: with one, every
	 * member takes every job).
	 */
	public int topicPartitions() {
		if (this.partitions != null) {
			return this.partitions;
		}
		return (this.mode == Mode.QUEUE) ? 1 : 5;
	}

	/** The dead-letter topic of the work topic. */
	public String deadLetterTopic() {
		return this.topic + "-dlt";
	}

	/** How long the longest job this consumer accepts takes. */
	public Duration longestJob() {
		return this.workUnit.multipliedBy(this.maxJobSeconds);
	}

	/** How the consumers share the work. */
	public enum Mode {

		/** A consumer group: each partition is worked by one consumer, in order. Any Kafka version. */
		GROUP,

		/**
		 * A share group (KIP-932, Apache Kafka 4.2+): consumers share partitions and settle each
		 * job on its own; no order.
		 */
		QUEUE

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
