package com.example.mskqueue.infra;

import java.util.Locale;

import com.example.mskqueue.contract.ConsumerMode;

/**
 * The Kafka cluster a deployment runs on: a new MSK cluster, or an existing one.
 *
 * @param name the MSK cluster's name (also the {@code Cluster Name} dimension of its
 * metrics): by default the stage's name followed by {@code -msk-job-queue}
 * @param existingArn an MSK cluster to use instead of creating one, or {@code null}
 * @param version the Apache Kafka version of a new cluster
 * @param brokerType Standard or Express brokers
 * @param instanceType the brokers' instance type, of the broker type's family
 * @param retain whether the cluster (with its configuration, key, security group and
 * logs) outlives {@code cdk destroy}: its topics hold the queue
 * @param offsetsRetentionMinutes how long the cluster keeps an empty group's committed
 * offsets
 */
record ClusterSettings(String name, String existingArn, MskVersion version, BrokerType brokerType, String instanceType,
		boolean retain, int offsetsRetentionMinutes) {

	ClusterSettings {
		Settings.require(name.matches("[a-zA-Z][a-zA-Z0-9-]{0,63}"),
				"clusterName must be 1-64 letters, digits and hyphens, starting with a letter, got '" + name + "'");
		Settings.require(
				existingArn == null || existingArn.matches("arn:aws[a-z-]*:kafka:[^:]+:\\d{12}:cluster/[^/]+/[^/]+"),
				"existingClusterArn must be an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)");
		Settings.require(brokerType.accepts(instanceType),
				"brokerInstanceType " + instanceType + " is not an instance type of "
						+ brokerType.name().toLowerCase(Locale.ROOT) + " brokers (" + brokerType.instanceTypePattern()
						+ ")");
		Settings.require(existingArn != null || brokerType.runs(version),
				brokerType.name().toLowerCase(Locale.ROOT) + " brokers run Kafka "
						+ brokerType.versions().stream().map(MskVersion::mskName).toList() + ", not "
						+ version.mskName());
		Settings.require(offsetsRetentionMinutes >= 60, "offsetsRetentionMinutes must be at least 60");
	}

	static ClusterSettings from(ContextValues context, String stage, ConsumerMode mode) {
		String existingArn = context.string("existingClusterArn", null);
		String name = (existingArn != null) ? existingArn.split("/")[1]
				: context.string("clusterName", stage + "-msk-job-queue");
		// Standard in both modes: MSK's guide lists share groups on Standard brokers
		// only.
		BrokerType brokerType = context.choice("brokerType", BrokerType.class, BrokerType.STANDARD);
		String versionName = context.string("kafkaVersion",
				((mode == ConsumerMode.QUEUE) ? MskVersion.V4_2 : MskVersion.V4_1).mskName());
		MskVersion version = MskVersion.fromMskName(versionName)
			.orElseThrow(
					() -> new IllegalArgumentException("Deployment setting kafkaVersion must be one of MSK's names "
							+ MskVersion.names() + ", got '" + versionName + "'"));
		return new ClusterSettings(name, existingArn, version, brokerType,
				context.string("brokerInstanceType", brokerType.defaultInstanceType()),
				context.bool("retainCluster", true), context.integer("offsetsRetentionMinutes", 10080));
	}

	/** Whether the stack creates the cluster (rather than using an existing one). */
	boolean created() {
		return this.existingArn == null;
	}

}
