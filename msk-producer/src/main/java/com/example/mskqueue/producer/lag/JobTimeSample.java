package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What two lag readings say about the job time: the jobs done on the partitions that had
 * work at both readings, and the worker-seconds that were busy on them.
 * {@link MeanJobTime} sums these over the recent readings.
 * <p>
 * A worker counts as busy only where a record was waiting for it: a partition with lag
 * {@code n} keeps at most {@code n} of the members that receive from it busy. Members of
 * a consumer group hold a partition each, so this changes nothing there; members of a
 * share group all receive from the one partition, and at the end of a backlog most of
 * them wait while the last records are in hand. Counting those waiting members as busy
 * made the tail of every drain read as slow jobs.
 *
 * @param jobsDone jobs done between the readings (none when every job in hand is longer
 * than the interval)
 * @param workerSeconds seconds of busy workers between the readings
 */
record JobTimeSample(long jobsDone, double workerSeconds) {

	/** The sample between two readings, or empty when no worker had work. */
	static Optional<JobTimeSample> between(LagSnapshot previous, LagSnapshot current) {
		List<Integer> busyPartitions = previous.partitions()
			.stream()
			.filter((partition) -> partition.lag() > 0 && current.lag(partition.partition()) > 0)
			.map(LagSnapshot.PartitionLag::partition)
			.toList();
		long jobsDone = 0;
		long workersWithWork = 0;
		for (int partition : busyPartitions) {
			jobsDone += Math.max(0, current.committed(partition) - previous.committed(partition));
			long holders = current.members()
				.stream()
				.filter((member) -> member.partitions().contains(partition))
				.count();
			long waiting = Math.min(previous.lag(partition), current.lag(partition));
			workersWithWork += Math.min(holders, waiting);
		}
		long busyMembers = current.members()
			.stream()
			.filter((member) -> member.partitions().stream().anyMatch(busyPartitions::contains))
			.count();
		long workers = Math.min(busyMembers, workersWithWork);
		double elapsed = Duration.between(previous.takenAt(), current.takenAt()).toMillis() / 1000.0;
		if (workers == 0 || elapsed <= 0) {
			return Optional.empty();
		}
		return Optional.of(new JobTimeSample(jobsDone, workers * elapsed));
	}

}
