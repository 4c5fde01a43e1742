package com.example.mskqueue.scaling;

import java.time.Duration;

/**
 * All or nothing: lag above the threshold scales out to the maximum at once; lag at or
 * below it for {@code scaleInAfter} scales in to the minimum; otherwise the count stays.
 *
 * @param minWorkers the fewest workers
 * @param maxWorkers the most workers
 * @param lagThreshold the lag above which to scale out
 * @param scaleInAfter how long the lag must stay at or below the threshold before scaling
 * in
 */
public record LagThresholdPolicy(int minWorkers, int maxWorkers, long lagThreshold,
		Duration scaleInAfter) implements ScalingPolicy {

	public LagThresholdPolicy {
		if (minWorkers < 0 || maxWorkers < Math.max(1, minWorkers)) {
			throw new IllegalArgumentException("need 0 <= minWorkers <= maxWorkers and maxWorkers >= 1");
		}
	}

	@Override
	public int desiredWorkers(Backlog backlog, int current) {
		if (backlog.lag() > this.lagThreshold) {
			return this.maxWorkers;
		}
		if (backlog.drainedFor().compareTo(this.scaleInAfter) >= 0) {
			return this.minWorkers;
		}
		return Math.max(current, this.minWorkers);
	}

}
