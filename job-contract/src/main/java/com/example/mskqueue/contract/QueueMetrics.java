package com.example.mskqueue.contract;

/**
 * The CloudWatch metrics the producer publishes and the CDK stack scales, charts and
 * alarms on: one list, so that the two never disagree on a name. All carry MSK's lag
 * dimensions ({@code Cluster Name}, {@code Consumer Group}, {@code Topic}); the lag
 * metrics also have MSK's names and meanings.
 */
public final class QueueMetrics {

	/** The namespace the producer publishes to unless told otherwise. */
	public static final String NAMESPACE = "MskJobQueue";

	/** Jobs not yet done, all partitions (MSK's meaning). */
	public static final String SUM_OFFSET_LAG = "SumOffsetLag";

	/** Jobs not yet done in the worst partition (MSK's meaning). */
	public static final String MAX_OFFSET_LAG = "MaxOffsetLag";

	/** Partitions that still hold work. */
	public static final String PARTITIONS_WITH_LAG = "PartitionsWithLag";

	/** Seconds to drain the worst partition at the measured mean job time. */
	public static final String ESTIMATED_MAX_TIME_LAG = "EstimatedMaxTimeLag";

	/** Seconds the oldest job still waiting has waited. */
	public static final String OLDEST_WAITING_JOB_AGE = "OldestWaitingJobAge";

	/** Members of the consumer group or share group: the workers Kafka sees. */
	public static final String CONSUMER_MEMBERS = "ConsumerMembers";

	/** The workers the scaling rule asks for. */
	public static final String DESIRED_WORKERS = "DesiredWorkers";

	/** The consumer tasks the scaling rule asks for: what the service scales to. */
	public static final String DESIRED_TASKS = "DesiredTasks";

	/** The waiting work in seconds: lag x job time. */
	public static final String BACKLOG_SECONDS = "BacklogSeconds";

	/** Jobs done a minute, over the last 5 minutes. */
	public static final String JOBS_DONE_PER_MINUTE = "JobsDonePerMinute";

	/**
	 * The 95th percentile of the wait (queued to started) of the jobs done in the last 5
	 * minutes, in seconds.
	 */
	public static final String JOB_WAIT_P95 = "JobWaitP95";

	/** The 95th percentile of the run time of the jobs done in the last 5 minutes. */
	public static final String JOB_RUN_P95 = "JobRunP95";

	/** Jobs running now. */
	public static final String RUNNING_JOBS = "RunningJobs";

	/** Seconds the longest-running job has run. */
	public static final String LONGEST_RUNNING_JOB = "LongestRunningJob";

	/** Dead letters on the dead-letter topic, within the job view's retention. */
	public static final String DEAD_LETTERS = "DeadLetters";

	/** Dead letters that arrived since the previous publication. */
	public static final String NEW_DEAD_LETTERS = "NewDeadLetters";

	private QueueMetrics() {
	}

}
