package com.example.mskqueue.infra;

import java.util.List;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Least-privilege MSK IAM statements, scoped to the cluster, the work topic family and
 * the consumers' group (the share group in queue mode); never {@code kafka-cluster:*} or
 * {@code Resource: *}.
 * <p>
 * MSK names topics and groups after the cluster ARN
 * ({@code arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>}):
 * {@code ...:topic/<name>/<uuid>/<topic>} and {@code ...:group/<name>/<uuid>/<group>}.
 */
final class MskAccess {

	private final String clusterArn;

	private final DeploymentSettings settings;

	MskAccess(String clusterArn, DeploymentSettings settings) {
		this.clusterArn = clusterArn;
		this.settings = settings;
	}

	/**
	 * Connect and write jobs (idempotently) to the work topic family; create topics if
	 * allowed; run redrives (their groups and transactional id). For the lag monitor and
	 * status page: describe the consumers' group and read the dead-letter topic; in group
	 * mode also commit the group's offsets again (the offsets keeper), which Kafka
	 * authorizes as reading the group and the work topic.
	 */
	List<PolicyStatement> producer() {
		List<String> topicActions = this.settings.producerMayCreateTopics()
				? List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:CreateTopic")
				: List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData");
		// The dead letters (status page), and the job view's three topics: the work topic
		// (each record is a job's queued step), its lifecycle and its control topic.
		List<String> readTopics = List.of(topic(this.settings.deadLetterTopic()), topic(this.settings.workTopic()),
				topic(this.settings.lifecycleTopic()), topic(this.settings.controlTopic()));
		List<String> groupActions = this.settings.queueMode() ? List.of("kafka-cluster:DescribeGroup")
				: List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup");
		return List.of(cluster("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"),
				PolicyStatement.Builder.create()
					.actions(topicActions)
					.resources(List.of(topic(this.settings.workTopic()), topic(this.settings.workTopic() + "-*")))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
					.resources(readTopics)
					.build(),
				PolicyStatement.Builder.create()
					.actions(groupActions)
					.resources(List.of(group(this.settings.watchedGroup())))
					.build(),
				// Redrives: the group that elects the task running them and each
				// redrive's own
				// group (its position, committed in its transactions), and the runner's
				// transactional id.
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"))
					.resources(
							List.of(group(this.settings.redriveRunner()), group(this.settings.redriveRunner() + "-*")))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"))
					.resources(List.of(resource("transactional-id", this.settings.redriveRunner())))
					.build(),
				bootstrapBrokers());
	}

	/**
	 * Connect, read the work topic, commit in its group (in queue mode: acknowledge in
	 * the share group, and set its configuration at startup), write dead letters and job
	 * lifecycle steps, and read the batch cancellations; nothing else. It describes both
	 * groups: a consumer started in one mode continues where the other mode's group
	 * stopped.
	 */
	List<PolicyStatement> consumer() {
		return List.of(cluster("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently"),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
					.resources(List.of(topic(this.settings.workTopic())))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"))
					.resources(List.of(group(this.settings.watchedGroup())))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeGroup"))
					.resources(List.of(group(
							this.settings.queueMode() ? this.settings.consumerGroup() : this.settings.shareGroup())))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"))
					.resources(List.of(topic(this.settings.deadLetterTopic()), topic(this.settings.lifecycleTopic())))
					.build(),
				PolicyStatement.Builder.create()
					.actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
					.resources(List.of(topic(this.settings.controlTopic())))
					.build(),
				bootstrapBrokers());
	}

	private PolicyStatement cluster(String... actions) {
		return PolicyStatement.Builder.create().actions(List.of(actions)).resources(List.of(this.clusterArn)).build();
	}

	/** The apps resolve the IAM bootstrap brokers from MSK_CLUSTER_ARN at startup. */
	private PolicyStatement bootstrapBrokers() {
		return PolicyStatement.Builder.create()
			.actions(List.of("kafka:GetBootstrapBrokers"))
			.resources(List.of(this.clusterArn))
			.build();
	}

	private String topic(String name) {
		return resource("topic", name);
	}

	private String group(String name) {
		return resource("group", name);
	}

	private String resource(String type, String name) {
		List<String> parts = Fn.split("/", this.clusterArn, 3);
		return Fn.join("", List.of("arn:", Aws.PARTITION, ":kafka:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":", type, "/",
				Fn.select(1, parts), "/", Fn.select(2, parts), "/", name));
	}

}
