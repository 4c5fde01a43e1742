package com.example.mskqueue.infra;

import java.util.List;
import java.util.stream.IntStream;

import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC: public subnets for the ALB, private subnets (one NAT gateway) for the brokers
 * and the tasks, in three availability zones, with every flow logged to CloudWatch Logs.
 */
public final class NetworkStack extends Stack {

	/**
	 * MSK Express needs three zones, and three brokers in three zones suit Standard too.
	 */
	static final int AVAILABILITY_ZONES = 3;

	/**
	 * The VPC's addresses, as a literal: security groups that admit "the VPC" name it,
	 * and checks such as cdk-nag's can read it.
	 */
	static final String VPC_CIDR = "10.0.0.0/16";

	private final Vpc vpc;

	public NetworkStack(Construct scope, String id, StackProps props) {
		super(scope, id, props);
		this.vpc = Vpc.Builder.create(this, "Vpc")
			.ipAddresses(IpAddresses.cidr(VPC_CIDR))
			.maxAzs(AVAILABILITY_ZONES)
			.natGateways(1)
			.build();
		LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		this.vpc.addFlowLog("FlowLog",
				FlowLogOptions.builder()
					.destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
					.trafficType(FlowLogTrafficType.ALL)
					.build());
	}

	/**
	 * Three zones even without an account and region at synth: CDK would otherwise assume
	 * two for an environment-agnostic stack. Every commercial region has three.
	 */
	@Override
	public List<String> getAvailabilityZones() {
		return IntStream.range(0, AVAILABILITY_ZONES).mapToObj((zone) -> Fn.select(zone, Fn.getAzs())).toList();
	}

	public IVpc vpc() {
		return this.vpc;
	}

}
