package com.example.mskqueue.infra;

import java.util.List;

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
 * A provisioned MSK cluster: IAM client authentication over TLS only, encryption in
 * transit and at rest, broker logs in CloudWatch Logs, DEFAULT monitoring (which
 * publishes the consumer-lag metrics such as {@code SumOffsetLag}), and a cluster
 * configuration suited to a work queue.
 */
public class MskStack extends Stack {

	/**
	 * Replicas of every topic; with min.insync.replicas=2 one broker can be lost without
	 * stopping writes.
	 */
	static final int REPLICATION_FACTOR = 3;

	/** The IAM listener's port. */
	static final int IAM_PORT = 9098;

	private final CfnCluster cluster;

	public MskStack(Construct scope, String id, StackProps stackProps, Props props) {
		super(scope, id, stackProps);
		SecurityGroup brokers = SecurityGroup.Builder.create(this, "Brokers")
			.vpc(props.vpc())
			.description("MSK brokers: the IAM (TLS) listener, from inside the VPC only")
			.allowAllOutbound(false)
			.build();
		// Network access from the VPC; who may do what is decided by IAM (the task
		// roles).
		brokers.addIngressRule(Peer.ipv4(props.vpc().getVpcCidrBlock()), Port.tcp(IAM_PORT),
				"Kafka clients in the VPC over IAM/TLS");

		CfnConfiguration configuration = CfnConfiguration.Builder.create(this, "Configuration")
			.name(props.settings().clusterName() + "-config")
			.kafkaVersionsList(List.of(props.settings().kafkaVersion()))
			.serverProperties(serverProperties(props.settings()))
			.build();

		LogGroup brokerLogs = LogGroup.Builder.create(this, "BrokerLogs")
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		Key dataKey = Key.Builder.create(this, "DataKey")
			.description("Encrypts the MSK brokers' storage")
			.enableKeyRotation(true)
			.build();

		List<String> subnets = props.vpc()
			.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
			.getSubnetIds();
		// One or more brokers per AZ, and at least as many brokers as replicas.
		int brokersPerAz = (REPLICATION_FACTOR + subnets.size() - 1) / subnets.size();

		this.cluster = CfnCluster.Builder.create(this, "Cluster")
			.clusterName(props.settings().clusterName())
			.kafkaVersion(props.settings().kafkaVersion())
			.numberOfBrokerNodes(subnets.size() * brokersPerAz)
			.brokerNodeGroupInfo(CfnCluster.BrokerNodeGroupInfoProperty.builder()
				.instanceType(props.brokerInstanceType())
				.clientSubnets(subnets)
				.securityGroups(List.of(brokers.getSecurityGroupId()))
				.storageInfo(CfnCluster.StorageInfoProperty.builder()
					.ebsStorageInfo(CfnCluster.EBSStorageInfoProperty.builder().volumeSize(100).build())
					.build())
				.build())
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
			.loggingInfo(CfnCluster.LoggingInfoProperty.builder()
				.brokerLogs(CfnCluster.BrokerLogsProperty.builder()
					.cloudWatchLogs(CfnCluster.CloudWatchLogsProperty.builder()
						.enabled(true)
						.logGroup(brokerLogs.getLogGroupName())
						.build())
					.build())
				.build())
			.enhancedMonitoring("DEFAULT")
			.configurationInfo(CfnCluster.ConfigurationInfoProperty.builder()
				.arn(configuration.getAttrArn())
				.revision(configuration.getAttrLatestRevisionRevision())
				.build())
			.build();
	}

	/** The broker settings of the cluster configuration. */
	static String serverProperties(DeploymentSettings settings) {
		return String.join("\n", "auto.create.topics.enable=false", "default.replication.factor=" + REPLICATION_FACTOR,
				"min.insync.replicas=2", "num.partitions=5",
				// Committed offsets of an empty group (all consumers scaled in) survive
				// this long.
				"offsets.retention.minutes=" + settings.offsetsRetentionMinutes(), "");
	}

	public String clusterArn() {
		return this.cluster.getAttrArn();
	}

	/**
	 * What the MSK stack needs.
	 *
	 * @param vpc the VPC whose private subnets hold the brokers
	 * @param settings the deployment's settings
	 * @param brokerInstanceType the broker instance type
	 */
	public record Props(IVpc vpc, DeploymentSettings settings, String brokerInstanceType) {
	}

}
