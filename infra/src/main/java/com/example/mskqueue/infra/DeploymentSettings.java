package com.example.mskqueue.infra;

import software.amazon.awscdk.App;

import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.infra.ConsumerScalingSettings.ScalingRule;
import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.ScalingPolicy;

/**
 * What a deployment can choose, read once from the CDK context ({@code cdk.json} or
 * {@code cdk deploy -c key=value}) and validated here, so that the stacks never see a bad
 * value. docs/deploy.md lists every key.
 *
 * @param stage the environment's name: prefixes every stack and every named resource, so
 * that stages coexist in one account
 * @param region the AWS region to deploy to ({@code -c region=...}, else the CLI's
 * profile region, {@code CDK_DEFAULT_REGION})
 * @param imageTag the image tag both services run (the one {@code buildspec.yml} pushed:
 * the commit's first 12 characters); required
 * @param cpuArchitecture the CPU architecture the images are built for
 * @param workTopic the work topic
 * @param consumerGroup the consumer group (queue mode: the share group is named after it)
 * @param consumerMode a consumer group ({@code group}) or a share group ({@code queue},
 * Apache Kafka 4.2 or later: every consumer takes jobs from every partition it shares)
 * @param scaling how many consumers run, and when
 * @param producerMayCreateTopics whether the producer may create topics (the form's
 * {@code partition_num}) in the work topic's family
 * @param lagMetricSource which lag metric the consumers scale on: {@code msk} (MSK's
 * {@code AWS/Kafka} metric, missing while the group rebalances) or {@code producer} (the
 * producer's lag monitor, published under {@value #PRODUCER_LAG_NAMESPACE}, never
 * missing); queue mode needs {@code producer}, which reads share groups
 * @param configureShareGroup in queue mode, whether the consumers set their share group's
 * configuration at startup; {@code false} where an operator sets it with
 * {@code kafka-configs.sh} because the task role may not
 * @param cluster the Kafka cluster
 * @param web who may reach the form, and how
 * @param alarms where the alarms go
 */
record DeploymentSettings(String stage, String region, String imageTag, CpuArchitectureSetting cpuArchitecture,
		String workTopic, String consumerGroup, ConsumerMode consumerMode, ConsumerScalingSettings scaling,
		boolean producerMayCreateTopics, String lagMetricSource, boolean configureShareGroup, ClusterSettings cluster,
		WebAccess web, AlarmSettings alarms) {

	/** MSK's developer guide on share groups: the oracle for where they run. */
	static final String SHARE_GROUPS_GUIDE = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-share-groups.html";

	/** The namespace the producer's lag monitor publishes to. */
	static final String PRODUCER_LAG_NAMESPACE = "MskJobQueue";

	/** The wait a job may have before it starts, by default: 5 minutes. */
	static final int DEFAULT_WAIT_TARGET_SECONDS = 300;

	DeploymentSettings {
		scaling.requireUsableBy(consumerMode);
		Settings.require(stage.matches("[a-z][a-z0-9-]{0,19}"),
				"stage must be 1-20 lowercase letters, digits and hyphens, starting with a letter, got '" + stage
						+ "'");
		Settings.require(region.matches("[a-z]{2}(-[a-z]+)+-\\d"),
				"region must be an AWS region such as eu-west-1, got '" + region + "'");
		Settings.require(imageTag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") && !"latest".equals(imageTag),
				"imageTag must be the tag buildspec.yml pushed (the commit's first 12 characters), not '" + imageTag
						+ "': 'latest' is never pushed, and the repositories' tags are immutable");
		QueueTopics.watchedTopicProblem(workTopic)
			.ifPresent((problem) -> Settings.require(false, "workTopic: " + problem));
		Settings.require(consumerGroup.matches("[a-zA-Z0-9._-]{1,200}"),
				"consumerGroup must be 1-200 letters, digits, '.', '_' or '-', got '" + consumerGroup + "'");
		Settings.require("msk".equals(lagMetricSource) || "producer".equals(lagMetricSource),
				"lagMetricSource must be msk or producer, got '" + lagMetricSource + "'");
		Settings.require(
				scaling.rule() != ScalingRule.THRESHOLD || scaling.minWorkers() >= 1
						|| "producer".equals(lagMetricSource),
				"scalingPolicy=threshold with minWorkers=0 needs lagMetricSource=producer: MSK publishes no "
						+ "SumOffsetLag for a group before its first commit, so with no consumer the lag would never "
						+ "be seen; or use scalingPolicy=work, which scales from zero on the producer's figures");
		if (consumerMode == ConsumerMode.QUEUE) {
			Settings
				.require("producer".equals(lagMetricSource), "consumerMode=queue scales on the producer's lag metric "
						+ "(lagMetricSource=producer): MSK's SumOffsetLag is published for consumer groups, not share groups");
			Settings.require(!cluster.created() || cluster.version().atLeast(MskVersion.V4_2),
					"consumerMode=queue needs share groups: a cluster on Apache Kafka 4.2 or later (kafkaVersion="
							+ MskVersion.V4_2.mskName() + "), got " + cluster.version().mskName());
			Settings.require(!cluster.created() || cluster.brokerType() == BrokerType.STANDARD,
					"consumerMode=queue needs share groups, which MSK's developer guide (\"Share groups (queues) on "
							+ "Amazon MSK\", " + SHARE_GROUPS_GUIDE + ") makes available on MSK Provisioned Standard "
							+ "brokers running Apache Kafka 4.2 or later; it does not list Express brokers. Deploy queue "
							+ "mode with brokerType=standard (the default)");
		}
	}

	/** The settings in the app's context, with the defaults for what it leaves out. */
	static DeploymentSettings from(App app) {
		ContextValues context = new ContextValues(app);
		String stage = context.string("stage", "dev");
		ConsumerMode mode = context.choice("consumerMode", ConsumerMode.class, ConsumerMode.GROUP);
		LagThresholdPolicy original = ScalingPolicy.original();
		ScalingRule rule = context.choice("scalingPolicy", ScalingRule.class, ScalingRule.THRESHOLD);
		int maxWorkers = context.integer("maxWorkers", original.maxWorkers());
		// Group mode: a partition for every worker, at least the contract's default.
		int partitions = context.integer("workTopicPartitions", (mode == ConsumerMode.GROUP)
				? Math.max(mode.defaultPartitions(), maxWorkers) : mode.defaultPartitions());
		ConsumerScalingSettings scaling = new ConsumerScalingSettings(rule, context.integer("workersPerTask", 1),
				context.integer("minWorkers", (rule == ScalingRule.WORK) ? 0 : original.minWorkers()), maxWorkers,
				context.integer("lagThreshold", (int) original.lagThreshold()),
				context.integer("scaleInMinutes", (int) original.scaleInAfter().toMinutes()),
				context.integer("waitTargetSeconds", DEFAULT_WAIT_TARGET_SECONDS),
				context.integer("smoothingSeconds", 60), context.integer("assumedJobSeconds", 5), partitions);
		String region = context.string("region", System.getenv("CDK_DEFAULT_REGION"));
		if (region == null) {
			region = context.required("region", "eu-west-1");
		}
		return new DeploymentSettings(stage, region, context.required("imageTag", "$(git rev-parse --short=12 HEAD)"),
				context.choice("cpuArchitecture", CpuArchitectureSetting.class, CpuArchitectureSetting.X86_64),
				context.string("workTopic", "msk-jobs"), context.string("consumerGroup", "msk-consumer"), mode, scaling,
				context.bool("producerMayCreateTopics", true),
				context.string("lagMetricSource", (mode == ConsumerMode.QUEUE) ? "producer" : "msk"),
				context.bool("configureShareGroup", true), ClusterSettings.from(context, stage, mode),
				WebAccess.from(context), AlarmSettings.from(context));
	}

	boolean queueMode() {
		return this.consumerMode == ConsumerMode.QUEUE;
	}

	/**
	 * The share group the consumers join in queue mode, named as the consumers name it.
	 */
	String shareGroup() {
		return ConsumerMode.shareGroupOf(this.consumerGroup);
	}

	/** The group the consumers join and whose lag they scale on. */
	String watchedGroup() {
		return queueMode() ? shareGroup() : this.consumerGroup;
	}

	/** The CloudWatch namespace of the lag metric the consumers scale on. */
	String lagNamespace() {
		return "producer".equals(this.lagMetricSource) ? PRODUCER_LAG_NAMESPACE : "AWS/Kafka";
	}

	String deadLetterTopic() {
		return WorkTopics.deadLetterTopicOf(this.workTopic);
	}

	/** The job lifecycle's steps, written by the consumers, read by the producer. */
	String lifecycleTopic() {
		return QueueTopics.lifecycleTopicOf(this.workTopic);
	}

	/**
	 * What runs the dead-letter topic's redrives: the producers' group that elects the
	 * task running them, the runner's transactional id, and the prefix of each redrive's
	 * own group (as msk-producer's {@code Redrives} names them).
	 */
	String redriveRunner() {
		return deadLetterTopic() + "-redrive";
	}

	/** Batch cancellations, written by the producer, read by the consumers. */
	String controlTopic() {
		return QueueTopics.controlTopicOf(this.workTopic);
	}

	/** A resource name in this stage: {@code <stage>-<name>}. */
	String named(String name) {
		return this.stage + "-" + name;
	}

	/** The CPU architecture of the images and of the Fargate tasks that run them. */
	enum CpuArchitectureSetting {

		/** Fargate's default, and what CodeBuild's standard Linux image builds. */
		X86_64,

		/**
		 * Graviton: about 20% cheaper per vCPU-hour; build the images for linux/arm64.
		 */
		ARM64

	}

}
