package com.example.mskqueue.scaling;

/**
 * How many workers (jobs in hand at once) a backlog calls for. A consumer task runs
 * {@code WORKERS} of them, so the service runs {@link #tasksFor} tasks. The CDK stack
 * (infra) deploys these rules as CloudWatch alarms and scaling policies; the drain
 * benchmark runs them in a loop against a real broker.
 */
public sealed interface ScalingPolicy permits LagThresholdPolicy, WorkBasedPolicy {

	/** The workers to run now, given the current count. */
	int desiredWorkers(Backlog backlog, int current);

	int minWorkers();

	int maxWorkers();

	/**
	 * The original policy: lag above 0 -> 8 workers; 5 minutes at 0 -> scale in to 1.
	 */
	static LagThresholdPolicy original() {
		return new LagThresholdPolicy(1, 8, 0, java.time.Duration.ofMinutes(5));
	}

	/** The tasks that run {@code workers} workers, {@code workersPerTask} in each. */
	static int tasksFor(int workers, int workersPerTask) {
		if (workers < 0 || workersPerTask < 1) {
			throw new IllegalArgumentException("need workers >= 0 and workersPerTask >= 1");
		}
		return (workers + workersPerTask - 1) / workersPerTask;
	}

}
