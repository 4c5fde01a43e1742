package com.example.mskqueue.producer.scaling;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

import com.example.mskqueue.producer.FakeAwsCredentials;
import com.example.mskqueue.producer.Http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page shows the consumer service as ECS describes it beside the scaling
 * rule's advice: desired, running and starting tasks and the service's newest events, in
 * the HTML (escaped) and in {@code status.json}. WireMock plays ECS's
 * {@code DescribeServices} in the protocol the SDK speaks (AWS JSON 1.1); the test checks
 * the request the real client sent. No AWS call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "jobs.topic=ecs-watched",
				"jobs.lag.consumer-group=ecs-watchers", "jobs.consumer-service.enabled=true",
				"jobs.consumer-service.cluster=jobs-cluster", "jobs.consumer-service.service=dev-msk-consumer",
				"jobs.consumer-service.period=500ms", "jobs.consumer-service.region=eu-west-1" })
@Import(ConsumerServiceWatchTests.FakeEcs.class)
@DirtiesContext
@ExtendWith(FakeAwsCredentials.class)
class ConsumerServiceWatchTests {

	static final String DESCRIBE_SERVICES = "AmazonEC2ContainerServiceV20141113.DescribeServices";

	@Autowired
	WireMockServer ecs;

	@LocalServerPort
	int port;

	@Test
	void theStatusPageShowsTheServicesTasksAndEventsAsEcsDescribesThem() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/msk-producer/status.json")).contains("\"service\":{\"desired\":3,"));

		assertThat(get("/msk-producer/status.json")).contains("\"running\":2", "\"pending\":1",
				"\"message\":\"(service dev-msk-consumer) has started 1 tasks: <b>task 1234</b>.\"");
		assertThat(get("/msk-producer/status")).contains("id=\"running-tasks\">2</b>", "id=\"ecs-desired-tasks\">3</b>",
				"<td>06:00:00</td>", "(service dev-msk-consumer) has started 1 tasks: &lt;b&gt;task 1234&lt;/b&gt;.");
		LoggedRequest request = this.ecs
			.findAll(postRequestedFor(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_SERVICES)))
			.get(0);
		assertThat(request.getBodyAsString()).contains("\"cluster\":\"jobs-cluster\"",
				"\"services\":[\"dev-msk-consumer\"]");
	}

	private String get(String path) {
		return Http.to(this.port).get().uri(path).exchange().returnResult(String.class).getResponseBody();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakeEcs {

		@Bean(destroyMethod = "stop")
		WireMockServer ecs() {
			WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
			// 06:00:00 and 05:59:00 UTC on 2026-12-05; the message is not HTML.
			server.stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_SERVICES))
				.willReturn(aResponse().withStatus(200)
					.withHeader("Content-Type", "application/x-amz-json-1.1")
					.withBody("""
							{"services": [{"serviceName": "dev-msk-consumer", "desiredCount": 3, "runningCount": 2,
							  "pendingCount": 1, "events": [
							    {"id": "2", "createdAt": 1796450400.0,
							     "message": "(service dev-msk-consumer) has started 1 tasks: <b>task 1234</b>."},
							    {"id": "1", "createdAt": 1796450340.0,
							     "message": "(service dev-msk-consumer) has reached a steady state."}]}],
							 "failures": []}
							""")));
			server.start();
			return server;
		}

		@Bean
		DynamicPropertyRegistrar ecsEndpoint(WireMockServer ecs) {
			return (registry) -> registry.add("jobs.consumer-service.endpoint-override", ecs::baseUrl);
		}

	}

}
