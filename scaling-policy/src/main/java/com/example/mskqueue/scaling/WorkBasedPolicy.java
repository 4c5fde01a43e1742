package com.example.mskqueue.scaling;

import java.time.Duration;

/**
 * As many workers as it takes to drain the backlog's work within a target time:
 * {@code min(max, ceil(lag x mean job time / target drain time))}, and in consumer-group
 * mode no more than the partitions that still hold work, since a partition feeds one
 * worker. While jobs wait it keeps the workers that still have one (no more than the jobs
 * left, or the partitions with work), so that a backlog drains within the target rather
 * than ever more slowly; it scales in like the threshold policy once drained for
 * {@code scaleInAfter}.
 *
 * @param minWorkers the fewest workers
 * @param maxWorkers the most workers
 * @param targetDrainTime how long a backlog may take to drain
 * @param scaleInAfter how long the lag must stay at 0 before scaling in to the minimum
 * @param partitionCapped whether each partition feeds at most one worker (consumer
 * groups; false for share groups)
 */
public record WorkBasedPolicy(int minWorkers, int maxWorkers, Duration targetDrainTime, Duration scaleInAfter,
		boolean partitionCapped) implements ScalingPolicy {

	public WorkBasedPolicy {
		if (minWorkers < 0 || maxWorkers < Math.max(1, minWorkers)) {
			throw new IllegalArgumentException("need 0 <= minWorkers <= maxWorkers and maxWorkers >= 1");
		}
		if (targetDrainTime.isZero() || targetDrainTime.isNegative()) {
			throw new IllegalArgumentException("targetDrainTime must be positive");
		}
	}

	@Override
	public int desiredWorkers(Backlog backlog, int current) {
		if (backlog.lag() == 0) {
			return (backlog.drainedFor().compareTo(this.scaleInAfter) >= 0) ? this.minWorkers
					: Math.max(current, this.minWorkers);
		}
		double work = backlog.lag() * (double) backlog.meanJobTime().toNanos();
		long needed = (long) Math.ceil(work / this.targetDrainTime.toNanos());
		// Workers that still have jobs stay: asking for the work left over the whole
		// target
		// at every reading would shed workers mid-drain, and the drain would stretch past
		// it.
		long busy = Math.min(current, backlog.lag());
		long usable = this.partitionCapped ? backlog.partitionsWithLag() : Long.MAX_VALUE;
		needed = Math.min(Math.max(needed, busy), usable);
		return (int) Math.max(this.minWorkers, Math.min(this.maxWorkers, Math.max(1, needed)));
	}

}
