package com.example.mskqueue.producer.scaling;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer service's scaling rule, bound from {@code jobs.scaling.*}: the producer
 * runs it on every lag reading and publishes the tasks it asks for, which the CDK stack's
 * {@code scalingPolicy=work} scales the service to (the CDK stack sets these from its own
 * settings, so that the rule deployed is the rule advised).
 *
 * @param policy {@code work} (tasks = waiting work / target drain time) or
 * {@code threshold} (the original: lag above the threshold = the maximum)
 * @param minWorkers the fewest workers (0: none while nothing waits)
 * @param maxWorkers the most workers
 * @param workersPerTask the workers one consumer task runs ({@code WORKERS})
 * @param targetDrainTime how long waiting work may take to drain: the wait-time SLO
 * @param smoothing how far back lag readings are smoothed over (their median)
 * @param scaleInAfter how long the lag must stay at 0 before scaling in to the minimum
 * @param assumedJobTime the job time the backlog is reckoned at until one is measured
 * @param lagThreshold the threshold policy's lag threshold
 */
@ConfigurationProperties("jobs.scaling")
@Validated
public record ScalingProperties(@NotNull Policy policy, @Min(0) int minWorkers, @Min(1) int maxWorkers,
		@Min(1) @Max(64) int workersPerTask, @NotNull Duration targetDrainTime, @NotNull Duration smoothing,
		@NotNull Duration scaleInAfter, @NotNull Duration assumedJobTime, @Min(0) long lagThreshold) {

	/** The rules the producer can run. */
	public enum Policy {

		/** Lag above the threshold: the maximum; drained for a while: the minimum. */
		THRESHOLD,

		/** Enough workers to drain the waiting work within the target drain time. */
		WORK

	}

}
