package com.example.mskqueue.infra;

import java.time.Duration;
import java.util.Map;

import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.ScalingPolicy;

/**
 * How many consumer tasks run, counted in workers (jobs in hand at once): a task runs
 * {@code workersPerTask} of them ({@code WORKERS}), so the service runs
 * {@code ceil(workers / workersPerTask)} tasks.
 *
 * @param rule which rule sets the task count: the original lag threshold, or the work
 * waiting (the producer computes it and publishes the tasks it calls for)
 * @param workersPerTask jobs one task works on at once
 * @param minWorkers the fewest workers (0 scales to zero when drained)
 * @param maxWorkers the most workers
 * @param lagThreshold threshold rule: the lag above which the consumers scale out to
 * {@code maxWorkers}
 * @param scaleInMinutes how many minutes without work (threshold rule: lag at or below
 * the threshold) before scaling in
 * @param waitTargetSeconds the longest a job should wait: the work rule drains the
 * waiting work within it less {@link #START_ALLOWANCE_SECONDS}; the wait alarm's
 * threshold in both rules
 * @param smoothingSeconds work rule: the window whose median lag it scales on
 * @param assumedJobSeconds work rule: the job time it assumes until the consumers have
 * measured one
 * @param workTopicPartitions the work topic's partitions (a consumer group feeds at most
 * one worker per partition)
 */
record ConsumerScalingSettings(ScalingRule rule, int workersPerTask, int minWorkers, int maxWorkers, int lagThreshold,
		int scaleInMinutes, int waitTargetSeconds, int smoothingSeconds, int assumedJobSeconds,
		int workTopicPartitions) {

	/** The most workers one task may run ({@code WORKERS} in the consumer). */
	static final int MAX_WORKERS_PER_TASK = 64;

	/**
	 * Apache Kafka's default {@code group.share.max.size}: the most members one share
	 * group admits (a test checks it against Kafka's own constant).
	 */
	static final int SHARE_GROUP_MAX_SIZE = 200;

	/**
	 * What stands between a decision and a new task's first job: one evaluation period
	 * (60 s) and a Fargate task's start (image pull and JVM, up to about a minute). The
	 * work rule drains within the wait target less this, so that the wait, starts
	 * included, stays within the target.
	 */
	static final int START_ALLOWANCE_SECONDS = 120;

	ConsumerScalingSettings {
		Settings.require(workersPerTask >= 1 && workersPerTask <= MAX_WORKERS_PER_TASK,
				"workersPerTask must be 1 to " + MAX_WORKERS_PER_TASK + ", got " + workersPerTask);
		Settings.require(minWorkers >= 0 && maxWorkers >= 1 && minWorkers <= maxWorkers,
				"need 0 <= minWorkers <= maxWorkers and maxWorkers >= 1, got " + minWorkers + " and " + maxWorkers);
		Settings.require(lagThreshold >= 0, "lagThreshold must be 0 or more");
		Settings.require(scaleInMinutes >= 1, "scaleInMinutes must be at least 1");
		// The rule is evaluated on one-minute figures: a shorter target cannot be met.
		Settings.require(waitTargetSeconds >= 3 * 60 && waitTargetSeconds <= 86_400,
				"waitTargetSeconds must be 180 to 86400 (a scale-out takes up to " + START_ALLOWANCE_SECONDS
						+ " s before a new task's first job, and the rule acts on one-minute figures), got "
						+ waitTargetSeconds);
		Settings.require(smoothingSeconds >= 0 && smoothingSeconds <= 3600,
				"smoothingSeconds must be 0 to 3600, got " + smoothingSeconds);
		Settings.require(assumedJobSeconds >= 1 && assumedJobSeconds <= 86_400,
				"assumedJobSeconds must be 1 to 86400, got " + assumedJobSeconds);
		Settings.require(workTopicPartitions >= 1, "workTopicPartitions must be 1 or more");
	}

	/**
	 * Refuses a worker count the consumers could never use: in a consumer group a
	 * partition feeds one worker; a share group admits {@value #SHARE_GROUP_MAX_SIZE}
	 * members.
	 */
	void requireUsableBy(ConsumerMode mode) {
		if (mode == ConsumerMode.GROUP) {
			Settings.require(this.maxWorkers <= this.workTopicPartitions, "maxWorkers=" + this.maxWorkers
					+ " exceeds workTopicPartitions=" + this.workTopicPartitions
					+ ": a consumer group gives each partition to one worker, so the workers beyond the partitions "
					+ "would sit idle while they are paid for. Raise workTopicPartitions (an existing topic keeps its "
					+ "count: add partitions with kafka-topics.sh --alter) or lower maxWorkers, or use consumerMode=queue");
		}
		else {
			Settings.require(this.maxWorkers <= SHARE_GROUP_MAX_SIZE,
					"maxWorkers=" + this.maxWorkers + " exceeds the " + SHARE_GROUP_MAX_SIZE
							+ " members a share group admits (Apache Kafka's "
							+ "group.share.max.size default): the members beyond it are refused and sit idle");
		}
	}

	/** The threshold rule, in workers. */
	LagThresholdPolicy thresholdPolicy() {
		return new LagThresholdPolicy(this.minWorkers, this.maxWorkers, this.lagThreshold,
				Duration.ofMinutes(this.scaleInMinutes));
	}

	int minTasks() {
		return tasksFor(this.minWorkers);
	}

	int maxTasks() {
		return tasksFor(this.maxWorkers);
	}

	/** The tasks that run {@code workers} workers. */
	int tasksFor(int workers) {
		return ScalingPolicy.tasksFor(workers, this.workersPerTask);
	}

	/**
	 * The producer's scaling settings (msk-producer's {@code jobs.scaling}): it runs this
	 * rule on every lag reading, for the status page, and publishes the tasks it calls
	 * for.
	 */
	Map<String, String> producerEnvironment() {
		return Map.of("SCALING_POLICY", this.rule.name().toLowerCase(), "SCALING_MIN_WORKERS",
				Integer.toString(this.minWorkers), "SCALING_MAX_WORKERS", Integer.toString(this.maxWorkers),
				"WORKERS_PER_TASK", Integer.toString(this.workersPerTask), "SCALING_TARGET_DRAIN_TIME",
				(this.waitTargetSeconds - START_ALLOWANCE_SECONDS) + "s", "SCALING_SMOOTHING",
				this.smoothingSeconds + "s", "SCALING_SCALE_IN_AFTER", this.scaleInMinutes + "m",
				"SCALING_ASSUMED_JOB_TIME", this.assumedJobSeconds + "s", "SCALING_LAG_THRESHOLD",
				Integer.toString(this.lagThreshold));
	}

	/** Which rule sets the consumer task count. */
	enum ScalingRule {

		/**
		 * The original: lag above a threshold, the most tasks; drained a while, the
		 * fewest.
		 */
		THRESHOLD,

		/**
		 * The work waiting (lag x measured job time) drained within the wait target: the
		 * producer publishes the tasks it calls for ({@code DesiredTasks}), and step
		 * scaling sets the service's count to it.
		 */
		WORK

	}

}
