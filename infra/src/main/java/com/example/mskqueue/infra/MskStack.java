package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicies;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.constructs.Construct;

/**
 * A provisioned MSK cluster (Standard or Express brokers): IAM client authentication over
 * TLS only, encryption in transit and at rest, DEFAULT monitoring (which publishes the
 * consumer-lag metrics such as {@code SumOffsetLag}), broker logs where the broker type
 * delivers them, and a cluster configuration suited to a work queue. The cluster holds
 * the queue, so by default it outlives {@code cdk destroy} with everything it depends on.
 */
public final class MskStack extends Stack {

	/**
	 * Replicas of every topic; with min.insync.replicas=2 one broker can be lost without
	 * stopping writes. Express brokers fix both at these values.
	 */
	static final int REPLICATION_FACTOR = 3;

	static final int MIN_IN_SYNC_REPLICAS = 2;

	/** The IAM listener's port. */
	static final int IAM_PORT = 9098;

	private final CfnCluster cluster;

	MskStack(Construct scope, String id, StackProps stackProps, IVpc vpc, DeploymentSettings settings) {
		super(scope, id, stackProps);
		ClusterSettings clusterSettings = settings.cluster();
		SecurityGroup brokers = SecurityGroup.Builder.create(this, "Brokers")
			.vpc(vpc)
			.description("MSK brokers: the IAM (TLS) listener, from inside the VPC only")
			.allowAllOutbound(false)
			.build();
		// Network access from the VPC; who may do what is decided by IAM (the task
		// roles).
		brokers.addIngressRule(Peer.ipv4(NetworkStack.VPC_CIDR), Port.tcp(IAM_PORT),
				"Kafka clients in the VPC over IAM/TLS");

		CfnConfiguration configuration = CfnConfiguration.Builder.create(this, "Configuration")
			.name(clusterSettings.name() + "-config")
			.description("Broker settings of a slow-job work queue")
			.kafkaVersionsList(List.of(clusterSettings.version().mskName()))
			.serverProperties(serverProperties(clusterSettings))
			.build();
		Key dataKey = Key.Builder.create(this, "DataKey")
			.description("Encrypts the MSK brokers' storage")
			.enableKeyRotation(true)
			.build();

		List<String> subnets = vpc
			.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
			.getSubnetIds();
		// One or more brokers per zone, and at least as many brokers as replicas.
		int brokersPerZone = (REPLICATION_FACTOR + subnets.size() - 1) / subnets.size();
		CfnCluster.BrokerNodeGroupInfoProperty.Builder brokerNodes = CfnCluster.BrokerNodeGroupInfoProperty.builder()
			.instanceType(clusterSettings.instanceType())
			.clientSubnets(subnets)
			.securityGroups(List.of(brokers.getSecurityGroupId()));
		CfnCluster.Builder cluster = CfnCluster.Builder.create(this, "Cluster")
			.clusterName(clusterSettings.name())
			.kafkaVersion(clusterSettings.version().mskName())
			.numberOfBrokerNodes(subnets.size() * brokersPerZone)
			.clientAuthentication(CfnCluster.ClientAuthenticationProperty.builder()
				.sasl(CfnCluster.SaslProperty.builder()
					.iam(CfnCluster.IamProperty.builder().enabled(true).build())
					.build())
				.unauthenticated(CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
				.build())
			.encryptionInfo(CfnCluster.EncryptionInfoProperty.builder()
				.encryptionInTransit(
						CfnCluster.EncryptionInTransitProperty.builder().clientBroker("TLS").inCluster(true).build())
				.encryptionAtRest(
						CfnCluster.EncryptionAtRestProperty.builder().dataVolumeKmsKeyId(dataKey.getKeyArn()).build())
				.build())
			.enhancedMonitoring("DEFAULT")
			.configurationInfo(CfnCluster.ConfigurationInfoProperty.builder()
				.arn(configuration.getAttrArn())
				.revision(configuration.getAttrLatestRevisionRevision())
				.build());
		if (clusterSettings.brokerType() == BrokerType.STANDARD) {
			// Express brokers manage their storage and deliver no broker logs.
			brokerNodes.storageInfo(CfnCluster.StorageInfoProperty.builder()
				.ebsStorageInfo(CfnCluster.EBSStorageInfoProperty.builder().volumeSize(100).build())
				.build());
			LogGroup brokerLogs = LogGroup.Builder.create(this, "BrokerLogs")
				.retention(RetentionDays.ONE_MONTH)
				.build();
			cluster.loggingInfo(CfnCluster.LoggingInfoProperty.builder()
				.brokerLogs(CfnCluster.BrokerLogsProperty.builder()
					.cloudWatchLogs(CfnCluster.CloudWatchLogsProperty.builder()
						.enabled(true)
						.logGroup(brokerLogs.getLogGroupName())
						.build())
					.build())
				.build());
		}
		this.cluster = cluster.brokerNodeGroupInfo(brokerNodes.build()).build();
		if (clusterSettings.brokerType() == BrokerType.EXPRESS) {
			NagReasons.accept(this.cluster, "AwsSolutions-MSK6",
					"Express brokers deliver no broker logs: MSK operates them (AWS CDK's aws-msk-alpha module "
							+ "refuses logging for Express clusters)");
		}
		// Everything in this stack is part of the cluster: its security group, key,
		// configuration and logs go (or stay) with it.
		RemovalPolicies.of(this).apply(clusterSettings.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

		CfnOutput.Builder.create(this, "ClusterArn")
			.description("The MSK cluster; give it as existingClusterArn to deploy on it again after cdk destroy")
			.value(this.cluster.getAttrArn())
			.build();
	}

	/** The broker settings of the cluster configuration. */
	static String serverProperties(ClusterSettings settings) {
		List<String> properties = new ArrayList<>(List.of("auto.create.topics.enable=false", "num.partitions=5",
				// Committed offsets of an empty group (all consumers scaled in) survive
				// this long.
				"offsets.retention.minutes=" + settings.offsetsRetentionMinutes()));
		if (settings.brokerType() == BrokerType.STANDARD) {
			// Express brokers fix these two at the same values; they may not be set.
			properties.add("default.replication.factor=" + REPLICATION_FACTOR);
			properties.add("min.insync.replicas=" + MIN_IN_SYNC_REPLICAS);
		}
		return String.join("\n", properties) + "\n";
	}

	public String clusterArn() {
		return this.cluster.getAttrArn();
	}

}
