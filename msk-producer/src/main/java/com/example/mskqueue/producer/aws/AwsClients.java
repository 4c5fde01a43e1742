package com.example.mskqueue.producer.aws;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import org.springframework.util.StringUtils;

/**
 * How the producer builds its AWS clients (CloudWatch, ECS): the JDK's URL connection
 * client with a 10 s socket timeout (the one msk-discovery brings), in the SDK's default
 * region (on ECS, the task's {@code AWS_REGION}) unless a region is given, and at another
 * endpoint (a VPC endpoint, or a test server) when one is given.
 */
public final class AwsClients {

	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

	private AwsClients() {
	}

	public static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder, String region,
			String endpointOverride) {
		builder.httpClient(UrlConnectionHttpClient.builder().socketTimeout(SOCKET_TIMEOUT).build());
		if (StringUtils.hasText(region)) {
			builder.region(Region.of(region));
		}
		if (StringUtils.hasText(endpointOverride)) {
			builder.endpointOverride(URI.create(endpointOverride));
		}
		return builder.build();
	}

}
