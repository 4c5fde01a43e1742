package com.example.mskqueue.discovery;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a cluster that cannot give its bootstrap brokers into a short startup report
 * instead of a stack trace.
 */
class MskClusterUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<MskClusterUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MskClusterUnavailableException cause) {
		return new FailureAnalysis(
				"The application needs the bootstrap brokers of MSK cluster " + cause.clusterArn() + ", but "
						+ cause.reason() + ".",
				"Set MSK_CLUSTER_ARN to an ACTIVE cluster with IAM authentication, or set KAFKA_BOOTSTRAP_SERVERS "
						+ "to the brokers directly.",
				cause);
	}

}
