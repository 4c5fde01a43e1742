package com.example.mskqueue.discovery;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.KafkaClientBuilder;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.GetBootstrapBrokersResponse;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/**
 * Asks MSK for a cluster's IAM bootstrap brokers ({@code kafka:GetBootstrapBrokers}), so
 * that a deployment names its cluster by ARN instead of copying a broker list that
 * changes when brokers are replaced.
 */
public final class MskBootstrapBrokers {

	private final URI endpointOverride;

	/**
	 * A client of the region's MSK endpoint, or of another one.
	 * @param endpointOverride another MSK endpoint (a VPC endpoint, or a test server), or
	 * {@code null} for the region's public one
	 */
	public MskBootstrapBrokers(URI endpointOverride) {
		this.endpointOverride = endpointOverride;
	}

	/**
	 * The cluster's {@code host:9098,...} IAM bootstrap string.
	 * @throws MskClusterUnavailableException if the ARN is malformed, the cluster is not
	 * found or not active, has no IAM listener, or MSK cannot be reached
	 */
	public String forCluster(String clusterArn) {
		Region region = regionOf(clusterArn);
		KafkaClientBuilder builder = KafkaClient.builder()
			.region(region)
			.httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build());
		if (this.endpointOverride != null) {
			builder.endpointOverride(this.endpointOverride);
		}
		try (KafkaClient msk = builder.build()) {
			GetBootstrapBrokersResponse response = msk.getBootstrapBrokers((request) -> request.clusterArn(clusterArn));
			String iam = response.bootstrapBrokerStringSaslIam();
			if (iam == null || iam.isBlank()) {
				throw new MskClusterUnavailableException(clusterArn,
						"it has no IAM bootstrap brokers: turn on IAM client authentication on the cluster");
			}
			return iam;
		}
		catch (NotFoundException ex) {
			throw new MskClusterUnavailableException(clusterArn, "it was not found in " + region
					+ ": check MSK_CLUSTER_ARN (" + ex.awsErrorDetails().errorMessage() + ")");
		}
		catch (BadRequestException ex) {
			throw new MskClusterUnavailableException(clusterArn,
					"it is not ready (is it still CREATING or UPDATING?): " + ex.awsErrorDetails().errorMessage());
		}
		catch (SdkException ex) {
			throw new MskClusterUnavailableException(clusterArn, "MSK did not answer (" + ex.getMessage()
					+ "); check the network path to MSK and the task role's " + "kafka:GetBootstrapBrokers permission");
		}
	}

	private static Region regionOf(String clusterArn) {
		try {
			Arn arn = Arn.fromString(clusterArn);
			if (!"kafka".equals(arn.service()) || arn.region().isEmpty()
					|| !arn.resource().resourceType().map("cluster"::equals).orElse(false)) {
				throw new IllegalArgumentException("not an MSK cluster ARN");
			}
			return Region.of(arn.region().get());
		}
		catch (IllegalArgumentException ex) {
			throw new MskClusterUnavailableException(clusterArn,
					"it is not an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)");
		}
	}

}
