package com.example.mskqueue.consumer;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.contract.JobValue;
import com.example.mskqueue.contract.WorkTopics;

/**
 * Settings of the consumer service, bound from {@code jobs.*} (defaults in
 * {@code application.yml}).
 *
 * @param mode how the consumers share the work: a consumer group or a share group
 * ({@code CONSUMER_MODE})
 * @param topic the work topic to listen to
 * @param consumerGroup the consumer group ({@code CONSUMER_GROUP}; also
 * {@code spring.kafka.consumer.group-id})
 * @param partitions the partition count the work topic and its dead-letter topic get if
 * this consumer creates them; unset: the mode's default (5 in group mode, 1 in queue
 * mode). An existing topic is never changed.
 * @param workUnit how long one unit of a job's value takes: {@code 1s} in production, a
 * few milliseconds in tests and benchmarks ({@code WORK_UNIT})
 * @param workers how many jobs one consumer task works on at once ({@code WORKERS}): in
 * group mode as many consumers of the group, in queue mode as many share consumers
 * @param groupProtocol how the consumer group assigns partitions ({@code GROUP_PROTOCOL})
 * @param shareGroup the share group the consumers join in queue mode
 * ({@code SHARE_GROUP}); unset: named after the consumer group
 * ({@link ConsumerMode#shareGroupOf}). Group mode reads its position too, to continue
 * where queue mode stopped
 * @param ecsAgentUri the ECS agent endpoint ({@code ECS_AGENT_URI}, set by ECS inside a
 * task); when present, the task is protected from scale-in while it works on a job
 */
@Validated
@ConfigurationProperties("jobs")
public record ConsumerProperties(@NotNull ConsumerMode mode, @NotBlank String topic, @NotBlank String consumerGroup,
		@Min(1) Integer partitions, @NotNull Duration workUnit, @Min(1) @Max(64) int workers,
		@NotNull GroupProtocol groupProtocol, String shareGroup, String ecsAgentUri) {

	@Override
	public String shareGroup() {
		return (this.shareGroup != null && !this.shareGroup.isBlank()) ? this.shareGroup
				: ConsumerMode.shareGroupOf(this.consumerGroup);
	}

	/** The partitions of a work topic this consumer creates. */
	public int topicPartitions() {
		return (this.partitions != null) ? this.partitions : this.mode.defaultPartitions();
	}

	/** The dead-letter topic of the work topic. */
	public String deadLetterTopic() {
		return WorkTopics.deadLetterTopicOf(this.topic);
	}

	/** How long the longest job takes. */
	public Duration longestJob() {
		return this.workUnit.multipliedBy(JobValue.MAX_SECONDS);
	}

	/** The consumer group protocols this consumer can use. */
	public enum GroupProtocol {

		/**
		 * KIP-848's consumer protocol ({@code group.protocol=consumer}): the broker
		 * assigns partitions incrementally; members that keep their partitions never
		 * stop.
		 */
		CONSUMER,

		/**
		 * The classic protocol with the cooperative-sticky assignor, for brokers older
		 * than Apache Kafka 4.0.
		 */
		CLASSIC_COOPERATIVE

	}

}
