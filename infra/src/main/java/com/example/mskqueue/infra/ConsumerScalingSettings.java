package com.example.mskqueue.infra;

import java.time.Duration;

import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.ScalingPolicy;

/**
 * How many consumer tasks run, counted in workers (jobs in hand at once): a task runs
 * {@code workersPerTask} of them ({@code WORKERS}), so the service runs
 * {@code ceil(workers / workersPerTask)} tasks.
 *
 * @param workersPerTask jobs one task works on at once
 * @param minWorkers the fewest workers (0 scales to zero when drained)
 * @param maxWorkers the most workers
 * @param lagThreshold the lag above which the consumers scale out to {@code maxWorkers}
 * @param scaleInMinutes how many minutes the lag must stay at or below the threshold
 * before scaling in to {@code minWorkers}
 */
record ConsumerScalingSettings(int workersPerTask, int minWorkers, int maxWorkers, int lagThreshold,
		int scaleInMinutes) {

	/** The most workers one task may run ({@code WORKERS} in the consumer). */
	static final int MAX_WORKERS_PER_TASK = 64;

	ConsumerScalingSettings {
		Settings.require(workersPerTask >= 1 && workersPerTask <= MAX_WORKERS_PER_TASK,
				"workersPerTask must be 1 to " + MAX_WORKERS_PER_TASK + ", got " + workersPerTask);
		Settings.require(minWorkers >= 0 && maxWorkers >= 1 && minWorkers <= maxWorkers,
				"need 0 <= minWorkers <= maxWorkers and maxWorkers >= 1, got " + minWorkers + " and " + maxWorkers);
		Settings.require(lagThreshold >= 0, "lagThreshold must be 0 or more");
		Settings.require(scaleInMinutes >= 1, "scaleInMinutes must be at least 1");
	}

	/** The scaling rules, in workers. */
	LagThresholdPolicy policy() {
		return new LagThresholdPolicy(this.minWorkers, this.maxWorkers, this.lagThreshold,
				Duration.ofMinutes(this.scaleInMinutes));
	}

	/** The tasks that run {@code workers} workers. */
	int tasksFor(int workers) {
		return ScalingPolicy.tasksFor(workers, this.workersPerTask);
	}

}
