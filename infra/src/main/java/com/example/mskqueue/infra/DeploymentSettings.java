package com.example.mskqueue.infra;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awscdk.App;

import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.ScalingPolicy;

/**
 * What a deployment can choose, read once from CDK context
 * ({@code cdk deploy -c key=value} or {@code cdk.json}) and validated here, so the stacks
 * never see a bad value.
 *
 * @param clusterName the MSK cluster's name (also the {@code Cluster Name} metric
 * dimension)
 * @param existingClusterArn an MSK cluster to use instead of creating one, or
 * {@code null}
 * @param kafkaVersion the Apache Kafka version of a new cluster (4.0 or later for
 * {@code group.protocol=consumer}; 4.2 or later for queue mode)
 * @param workTopic the work topic
 * @param consumerGroup the consumer group
 * @param imageTag the image tag both services run (the commit CodeBuild pushed)
 * @param minConsumers the fewest consumer tasks
 * @param maxConsumers the most consumer tasks
 * @param lagThreshold the lag above which the consumers scale out to {@code maxConsumers}
 * @param scaleInMinutes how many minutes the lag must stay at or below the threshold
 * before scaling in to {@code minConsumers}
 * @param offsetsRetentionMinutes how long the cluster keeps an empty group's committed
 * offsets
 * @param producerMayCreateTopics whether the producer may create topics (the form's
 * {@code partition_num}) in the work topic's family
 * @param lagMetricSource which lag metric the consumers scale on: {@code msk} (MSK's
 * {@code AWS/Kafka} metric, missing while the group rebalances) or {@code producer} (the
 * producer's lag monitor, published under {@value #PRODUCER_LAG_NAMESPACE}, never
 * missing); queue mode needs {@code producer}, which reads share groups
 * @param consumerMode {@code group} (a consumer group, any Kafka version) or
 * {@code queue} (a share group, Apache Kafka 4.2 or later: every consumer takes jobs from
 * every partition it shares)
 * @param configureShareGroup in queue mode, whether the consumers set their share group's
 * configuration at startup; {@code false} where an operator sets it with
 * {@code kafka-configs.sh} because the task role may not
 */
public record DeploymentSettings(String clusterName, String existingClusterArn, String kafkaVersion, String workTopic,
		String consumerGroup, String imageTag, int minConsumers, int maxConsumers, int lagThreshold, int scaleInMinutes,
		int offsetsRetentionMinutes, boolean producerMayCreateTopics, String lagMetricSource, String consumerMode,
		boolean configureShareGroup) {

	private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

	/** The namespace the producer's lag monitor publishes to. */
	public static final String PRODUCER_LAG_NAMESPACE = "MskJobQueue";

	/**
	 * The defaults: the original setup (lag above 0: 8 tasks; 5 minutes at 0: scale in).
	 */
	public static DeploymentSettings defaults() {
		return defaults("group");
	}

	/**
	 * The defaults for a consumer mode: in queue mode a Kafka 4.2 cluster and scaling on
	 * the producer's lag metric, since MSK's {@code SumOffsetLag} is a consumer group's.
	 */
	public static DeploymentSettings defaults(String consumerMode) {
		LagThresholdPolicy original = ScalingPolicy.original();
		boolean queue = "queue".equals(consumerMode);
		return new DeploymentSettings("msk-job-queue", null, queue ? "4.2.x" : "4.1.x", "msk-jobs", "msk-consumer",
				"latest", original.minConsumers(), original.maxConsumers(), (int) original.lagThreshold(),
				(int) original.scaleInAfter().toMinutes(), 10080, true, queue ? "producer" : "msk", consumerMode, true);
	}

	/** The scaling rules these settings deploy (see ConsumerScaling). */
	public LagThresholdPolicy scalingPolicy() {
		return new LagThresholdPolicy(this.minConsumers, this.maxConsumers, this.lagThreshold,
				java.time.Duration.ofMinutes(this.scaleInMinutes));
	}

	public DeploymentSettings {
		require(clusterName != null && clusterName.matches("[a-zA-Z][a-zA-Z0-9-]{0,63}"),
				"clusterName must be 1-64 letters, digits and hyphens, starting with a letter");
		require(existingClusterArn == null
				|| existingClusterArn.matches("arn:aws[a-z-]*:kafka:[^:]+:\\d{12}:cluster/[^/]+/[^/]+"),
				"existingClusterArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)");
		require(workTopic != null && workTopic.matches("[a-zA-Z0-9._-]{1,240}"),
				"workTopic must be a legal topic name");
		require(consumerGroup != null && !consumerGroup.isBlank(), "consumerGroup must not be blank");
		require(minConsumers >= 0 && maxConsumers >= 1 && minConsumers <= maxConsumers,
				"need 0 <= minConsumers <= maxConsumers and maxConsumers >= 1");
		require(lagThreshold >= 0, "lagThreshold must be 0 or more");
		require(scaleInMinutes >= 1, "scaleInMinutes must be at least 1");
		require(offsetsRetentionMinutes >= 60, "offsetsRetentionMinutes must be at least 60");
		require("msk".equals(lagMetricSource) || "producer".equals(lagMetricSource),
				"lagMetricSource must be msk or producer");
		require("group".equals(consumerMode) || "queue".equals(consumerMode), "consumerMode must be group or queue");
		if ("queue".equals(consumerMode)) {
			require("producer".equals(lagMetricSource), "consumerMode=queue scales on the producer's lag metric "
					+ "(lagMetricSource=producer): MSK's SumOffsetLag is published for consumer groups, not share groups");
			require(existingClusterArn != null || atLeast(kafkaVersion, 4, 2), "consumerMode=queue needs share groups: "
					+ "a cluster on Apache Kafka 4.2 or later (kafkaVersion=4.2.x), got " + kafkaVersion);
		}
	}

	/** Whether the consumers run as a share group. */
	public boolean queueMode() {
		return "queue".equals(this.consumerMode);
	}

	/**
	 * The consumers' share group in queue mode, named as the consumer names it by
	 * default.
	 */
	public String shareGroup() {
		return this.consumerGroup + "-queue";
	}

	/** The group the consumers join and whose lag they scale on. */
	public String watchedGroup() {
		return queueMode() ? shareGroup() : this.consumerGroup;
	}

	/**
	 * The settings from the app's context, with {@link #defaults(String)} for what it
	 * leaves out.
	 */
	public static DeploymentSettings from(App app) {
		DeploymentSettings d = defaults(string(app, "consumerMode", "group"));
		return new DeploymentSettings(string(app, "clusterName", d.clusterName()),
				string(app, "existingClusterArn", d.existingClusterArn()),
				string(app, "kafkaVersion", d.kafkaVersion()), string(app, "workTopic", d.workTopic()),
				string(app, "consumerGroup", d.consumerGroup()), string(app, "imageTag", d.imageTag()),
				integer(app, "minConsumers", d.minConsumers()), integer(app, "maxConsumers", d.maxConsumers()),
				integer(app, "lagThreshold", d.lagThreshold()), integer(app, "scaleInMinutes", d.scaleInMinutes()),
				integer(app, "offsetsRetentionMinutes", d.offsetsRetentionMinutes()),
				Boolean.parseBoolean(
						string(app, "producerMayCreateTopics", Boolean.toString(d.producerMayCreateTopics()))),
				string(app, "lagMetricSource", d.lagMetricSource()), d.consumerMode(),
				Boolean.parseBoolean(string(app, "configureShareGroup", Boolean.toString(d.configureShareGroup()))));
	}

	/** The CloudWatch namespace of the lag metric the consumers scale on. */
	public String lagNamespace() {
		return "producer".equals(this.lagMetricSource) ? PRODUCER_LAG_NAMESPACE : "AWS/Kafka";
	}

	public String deadLetterTopic() {
		return this.workTopic + "-dlt";
	}

	private static String string(App app, String key, String fallback) {
		Object value = app.getNode().tryGetContext(key);
		return (value != null && !value.toString().isBlank()) ? value.toString() : fallback;
	}

	private static int integer(App app, String key, int fallback) {
		String value = string(app, key, null);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Context " + key + " must be a whole number, got '" + value + "'");
		}
	}

	/**
	 * Whether an MSK version such as {@code 4.2.x} or {@code 3.9.x.kraft} is at least
	 * major.minor.
	 */
	private static boolean atLeast(String version, int major, int minor) {
		Matcher matcher = MAJOR_MINOR.matcher((version != null) ? version : "");
		if (!matcher.find()) {
			return false;
		}
		int actualMajor = Integer.parseInt(matcher.group(1));
		return actualMajor > major || (actualMajor == major && Integer.parseInt(matcher.group(2)) >= minor);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("Invalid deployment setting: " + message);
		}
	}

}
