package com.example.mskqueue.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The VPC: public subnets for the ALB, private subnets (with one NAT gateway) for the
 * brokers and the tasks, over up to three AZs.
 */
public class NetworkStack extends Stack {

	private final Vpc vpc;

	public NetworkStack(Construct scope, String id, StackProps props) {
		super(scope, id, props);
		this.vpc = Vpc.Builder.create(this, "Vpc").maxAzs(3).natGateways(1).build();
	}

	public IVpc vpc() {
		return this.vpc;
	}

}
