package com.example.mskqueue.scaling;

/**
 * How many consumers a backlog calls for. The CDK stack (infra) deploys these rules as
 * CloudWatch alarms and scaling policies; the drain benchmark runs them in a loop against
 * a real broker.
 */
public sealed interface ScalingPolicy permits LagThresholdPolicy, WorkBasedPolicy {

	/** The consumer count to run now, given the current one. */
	int desiredConsumers(Backlog backlog, int current);

	int minConsumers();

	int maxConsumers();

	/**
	 * The original policy: lag above 0 -> 8 consumers; 5 minutes at 0 -> scale in to 1.
	 */
	static LagThresholdPolicy original() {
		return new LagThresholdPolicy(1, 8, 0, java.time.Duration.ofMinutes(5));
	}

}
