package com.example.mskqueue.producer.scaling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The consumer service on ECS, bound from {@code jobs.consumer-service.*}: what the
 * status page shows beside the scaling rule's advice, as ECS sees it (the CDK stack sets
 * these).
 *
 * @param enabled whether to read it (on ECS only)
 * @param cluster the ECS cluster's name or ARN
 * @param service the consumer service's name or ARN
 * @param period how often to read it
 * @param region the region, or empty for the SDK's default (the task's region)
 * @param endpointOverride another ECS endpoint (a VPC endpoint, or a test server)
 */
@ConfigurationProperties("jobs.consumer-service")
public record ConsumerServiceProperties(boolean enabled, String cluster, String service, Duration period, String region,
		String endpointOverride) {
}
