package com.example.mskqueue.producer.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.example.mskqueue.producer.aws.AwsClients;

/**
 * Reads the consumer service from ECS every {@code jobs.consumer-service.period}
 * ({@code DescribeServices}): its desired, running and pending tasks and its newest
 * events, which the status page shows beside the scaling rule's advice, so that what the
 * rule asked for, what Application Auto Scaling set and what runs can be compared. On in
 * the {@code msk} profile when the CDK stack names the service.
 */
@Component
@ConditionalOnProperty(name = "jobs.consumer-service.enabled", havingValue = "true")
public class ConsumerServiceWatch implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ConsumerServiceWatch.class);

	/** The service's events the status page shows. */
	static final int EVENTS_SHOWN = 10;

	private final ConsumerServiceProperties properties;

	private final EcsClient ecs;

	private final AtomicReference<ConsumerServiceState> latest = new AtomicReference<>();

	ConsumerServiceWatch(ConsumerServiceProperties properties) {
		this.properties = properties;
		this.ecs = AwsClients.build(EcsClient.builder(), properties.region(), properties.endpointOverride());
	}

	/** The service as ECS last described it, if it has been read. */
	public Optional<ConsumerServiceState> latest() {
		return Optional.ofNullable(this.latest.get());
	}

	@Scheduled(fixedDelayString = "${jobs.consumer-service.period}")
	void read() {
		try {
			DescribeServicesResponse response = this.ecs.describeServices(
					(request) -> request.cluster(this.properties.cluster()).services(this.properties.service()));
			if (response.services().isEmpty()) {
				log.warn("ECS does not know consumer service {} in cluster {}: {}", this.properties.service(),
						this.properties.cluster(), response.failures());
				return;
			}
			Service service = response.services().get(0);
			List<ConsumerServiceState.Event> events = service.events()
				.stream()
				.limit(EVENTS_SHOWN)
				.map((event) -> new ConsumerServiceState.Event(event.createdAt(), event.message()))
				.toList();
			this.latest.set(new ConsumerServiceState(service.desiredCount(), service.runningCount(),
					service.pendingCount(), events, Instant.now()));
		}
		catch (SdkException ex) {
			// The page keeps the last reading, with its time.
			log.warn("Could not describe consumer service {} in cluster {}: {}", this.properties.service(),
					this.properties.cluster(), ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		this.ecs.close();
	}

}
