package com.example.mskqueue.scaling;

import java.time.Duration;

/**
 * All or nothing: lag above the threshold scales out to the maximum at once; lag at or
 * below it for {@code scaleInAfter} scales in to the minimum; otherwise the count stays.
 *
 * @param minConsumers the fewest consumers
 * @param maxConsumers the most consumers
 * @param lagThreshold the lag above which to scale out
 * @param scaleInAfter how long the lag must stay at or below the threshold before scaling
 * in
 */
public record LagThresholdPolicy(int minConsumers, int maxConsumers, long lagThreshold,
		Duration scaleInAfter) implements ScalingPolicy {

	public LagThresholdPolicy {
		if (minConsumers < 0 || maxConsumers < Math.max(1, minConsumers)) {
			throw new IllegalArgumentException("need 0 <= minConsumers <= maxConsumers and maxConsumers >= 1");
		}
	}

	@Override
	public int desiredConsumers(Backlog backlog, int current) {
		if (backlog.lag() > this.lagThreshold) {
			return this.maxConsumers;
		}
		if (backlog.drainedFor().compareTo(this.scaleInAfter) >= 0) {
			return this.minConsumers;
		}
		return Math.max(current, this.minConsumers);
	}

}
