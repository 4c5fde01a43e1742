package com.example.mskqueue.producer.lag;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Publishes the lag monitor's figures to CloudWatch every
 * {@code jobs.lag.cloudwatch.period}, with MSK's metric names and dimensions
 * ({@code Cluster Name}, {@code Consumer Group}, {@code Topic}) under the project's own
 * namespace. Unlike MSK's own lag metrics they never go missing (not while the group
 * rebalances, not before its first commit, not with no consumer), so the consumer service
 * can scale on them instead. On in the {@code msk} profile.
 */
@Component
@ConditionalOnProperty(name = "jobs.lag.cloudwatch.enabled", havingValue = "true")
class CloudWatchLagPublisher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CloudWatchLagPublisher.class);

	private final LagMonitor monitor;

	private final CloudWatchProperties properties;

	private final CloudWatchClient cloudWatch;

	CloudWatchLagPublisher(LagMonitor monitor, CloudWatchProperties properties) {
		this.monitor = monitor;
		this.properties = properties;
		CloudWatchClientBuilder builder = CloudWatchClient.builder()
			.httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build());
		// On ECS the SDK finds the region in AWS_REGION; jobs.lag.cloudwatch.region
		// overrides it.
		if (StringUtils.hasText(properties.region())) {
			builder.region(Region.of(properties.region()));
		}
		if (StringUtils.hasText(properties.endpointOverride())) {
			builder.endpointOverride(URI.create(properties.endpointOverride()));
		}
		this.cloudWatch = builder.build();
	}

	@Scheduled(fixedDelayString = "${jobs.lag.cloudwatch.period}", initialDelayString = "${jobs.lag.cloudwatch.period}")
	void publish() {
		this.monitor.latest().ifPresent((lag) -> {
			List<Dimension> dimensions = List.of(dimension("Cluster Name", this.properties.clusterName()),
					dimension("Consumer Group", lag.group()), dimension("Topic", lag.topic()));
			List<MetricDatum> data = new ArrayList<>(
					List.of(datum("SumOffsetLag", lag.sumOffsetLag(), StandardUnit.COUNT, dimensions),
							datum("MaxOffsetLag", lag.maxOffsetLag(), StandardUnit.COUNT, dimensions),
							datum("PartitionsWithLag", lag.partitionsWithLag(), StandardUnit.COUNT, dimensions)));
			// Only once a job time has been measured: an estimate from a made-up job time
			// would mislead.
			if (lag.estimatedMaxTimeLagSeconds() != null) {
				data.add(datum("EstimatedMaxTimeLag", lag.estimatedMaxTimeLagSeconds(), StandardUnit.SECONDS,
						dimensions));
			}
			try {
				this.cloudWatch
					.putMetricData((request) -> request.namespace(this.properties.namespace()).metricData(data));
			}
			catch (SdkException ex) {
				log.warn("Could not publish the lag to CloudWatch namespace {}: {}", this.properties.namespace(),
						ex.getMessage());
			}
		});
	}

	private static Dimension dimension(String name, String value) {
		return Dimension.builder().name(name).value(value).build();
	}

	private static MetricDatum datum(String name, double value, StandardUnit unit, List<Dimension> dimensions) {
		return MetricDatum.builder().metricName(name).value(value).unit(unit).dimensions(dimensions).build();
	}

	@Override
	public void destroy() {
		this.cloudWatch.close();
	}

}
