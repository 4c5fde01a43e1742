package com.example.mskqueue.infra;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Apache Kafka versions a new cluster can run, by the names MSK gives them (the
 * {@code KafkaVersion} constants of AWS CDK's {@code aws-msk-alpha} module list the same
 * names; a test compares them). All are KRaft clusters: MSK names 4.x versions
 * {@code <major>.<minor>.x.kraft}.
 */
enum MskVersion {

	/**
	 * The first with KIP-848's consumer group protocol ({@code group.protocol=consumer}).
	 */
	V4_0("4.0.x.kraft", 4, 0),

	/** The default in group mode. */
	V4_1("4.1.x.kraft", 4, 1),

	/** The first with share groups (KIP-932): needed by queue mode. */
	V4_2("4.2.x.kraft", 4, 2);

	private final String mskName;

	private final int major;

	private final int minor;

	MskVersion(String mskName, int major, int minor) {
		this.mskName = mskName;
		this.major = major;
		this.minor = minor;
	}

	/** The name MSK knows the version by ({@code KafkaVersion} in CloudFormation). */
	String mskName() {
		return this.mskName;
	}

	boolean atLeast(MskVersion other) {
		return this.major > other.major || (this.major == other.major && this.minor >= other.minor);
	}

	/** {@code major.minor}, as MSK's guides name versions. */
	String majorMinor() {
		return this.major + "." + this.minor;
	}

	static Optional<MskVersion> fromMskName(String name) {
		return Arrays.stream(values()).filter((version) -> version.mskName.equals(name)).findFirst();
	}

	static String names() {
		return String.join(", ", Arrays.stream(values()).map(MskVersion::mskName).toList());
	}

}
