package com.example.mskqueue.discovery;

/**
 * The cluster named by {@code MSK_CLUSTER_ARN} cannot give its bootstrap brokers, so the
 * application cannot start.
 */
public class MskClusterUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String clusterArn;

	private final String reason;

	MskClusterUnavailableException(String clusterArn, String reason) {
		super("Cannot find the bootstrap brokers of MSK cluster " + clusterArn + ": " + reason);
		this.clusterArn = clusterArn;
		this.reason = reason;
	}

	public String clusterArn() {
		return this.clusterArn;
	}

	public String reason() {
		return this.reason;
	}

}
