package com.example.mskqueue.producer.cloudwatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the queue's figures go in CloudWatch, bound from {@code jobs.cloudwatch.*}.
 *
 * @param enabled whether to publish (the {@code msk} profile turns it on)
 * @param namespace the CloudWatch namespace
 * @param clusterName the {@code Cluster Name} dimension: the MSK cluster's name
 * @param period how often to publish
 * @param region the region, or empty for the SDK's default (the task's region)
 * @param endpointOverride another CloudWatch endpoint (a VPC endpoint, or a test server)
 */
@ConfigurationProperties("jobs.cloudwatch")
public record CloudWatchProperties(boolean enabled, String namespace, String clusterName, Duration period,
		String region, String endpointOverride) {
}
