package com.example.mskqueue.infra;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MSK's two kinds of provisioned broker. They differ in what a deployment may set:
 * Standard brokers take EBS storage and any broker configuration, Express brokers manage
 * their storage, fix {@code default.replication.factor} at 3 and
 * {@code min.insync.replicas} at 2, deliver no broker logs, and run only some Kafka
 * versions (the ones AWS CDK's {@code aws-msk-alpha} module accepts for them; a test
 * compares).
 */
enum BrokerType {

	STANDARD("kafka.m7g.large", Pattern.compile("kafka\\.(t3|m5|m7g)\\.[a-z0-9]+"),
			EnumSet.of(MskVersion.V4_0, MskVersion.V4_1, MskVersion.V4_2)),

	EXPRESS("express.m7g.large", Pattern.compile("express\\.m7g\\.[a-z0-9]+"), EnumSet.of(MskVersion.V4_2));

	private final String defaultInstanceType;

	private final Pattern instanceTypes;

	private final Set<MskVersion> versions;

	BrokerType(String defaultInstanceType, Pattern instanceTypes, Set<MskVersion> versions) {
		this.defaultInstanceType = defaultInstanceType;
		this.instanceTypes = instanceTypes;
		this.versions = versions;
	}

	String defaultInstanceType() {
		return this.defaultInstanceType;
	}

	boolean accepts(String instanceType) {
		return this.instanceTypes.matcher(instanceType).matches();
	}

	String instanceTypePattern() {
		return this.instanceTypes.pattern();
	}

	boolean runs(MskVersion version) {
		return this.versions.contains(version);
	}

	Set<MskVersion> versions() {
		return this.versions;
	}

}
