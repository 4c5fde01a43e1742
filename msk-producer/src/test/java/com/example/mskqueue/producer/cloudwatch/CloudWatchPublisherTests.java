package com.example.mskqueue.producer.cloudwatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistrar;

import com.example.mskqueue.producer.FakeAwsCredentials;
import com.example.mskqueue.producer.GroupMembers;
import com.example.mskqueue.testing.TestBroker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue's figures go to CloudWatch with MSK's names and dimensions under the
 * project's namespace. WireMock plays CloudWatch's {@code PutMetricData} in the protocol
 * this SDK speaks (Smithy RPC v2 CBOR); the test decodes the requests the real client
 * sent. No AWS call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "jobs.topic=published",
				"jobs.lag.consumer-group=publishers", "jobs.lag.interval=500ms", "jobs.cloudwatch.enabled=true",
				"jobs.cloudwatch.period=1s", "jobs.cloudwatch.cluster-name=jobs-cluster",
				"jobs.cloudwatch.region=eu-west-1" })
@Import(CloudWatchPublisherTests.FakeCloudWatch.class)
@DirtiesContext
@ExtendWith(FakeAwsCredentials.class)
class CloudWatchPublisherTests {

	static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";

	@Autowired
	WireMockServer cloudWatch;

	@Test
	void publishesTheLagWithMskDimensionsAndATaskForJobsThatWaitForAnEmptyGroup() throws Exception {
		String bootstrap = TestBroker.bootstrapServers();
		GroupMembers.createTopic(bootstrap, "published", 2);
		GroupMembers.fill(bootstrap, "published", 0, 4);
		GroupMembers.commitAndLeave(bootstrap, "publishers", "published", Map.of(0, 1L, 1, 0L));

		JsonNode request = await().atMost(Duration.ofSeconds(30))
			.until(() -> putMetricData().stream()
				// The reading after the member left: one between its commit and its leave
				// still counts it.
				.filter((body) -> value(body, "SumOffsetLag") == 3.0 && value(body, "ConsumerMembers") == 0.0)
				.findFirst()
				.orElse(null), (body) -> body != null);

		assertThat(request.get("Namespace").asString()).isEqualTo("MskJobQueue");
		assertThat(value(request, "MaxOffsetLag")).isEqualTo(3.0);
		assertThat(names(request)).containsExactlyInAnyOrder("SumOffsetLag", "MaxOffsetLag", "PartitionsWithLag",
				"OldestWaitingJobAge", "ConsumerMembers", "DesiredWorkers", "DesiredTasks", "BacklogSeconds",
				"JobsDonePerMinute", "RunningJobs", "LongestRunningJob", "DeadLetters", "NewDeadLetters");
		// No job measured yet: no estimate, no percentiles; the backlog is reckoned at
		// the
		// assumed 5 s, and the group that left asks for one task, not zero.
		assertThat(value(request, "BacklogSeconds")).isEqualTo(15.0);
		assertThat(value(request, "DesiredTasks")).isEqualTo(1.0);
		assertThat(value(request, "OldestWaitingJobAge")).isPositive();
		assertThat(request.get("MetricData").get(0).get("Unit").asString()).isEqualTo("Count");
		assertThat(dimensions(request.get("MetricData").get(0))).containsExactlyInAnyOrderEntriesOf(
				Map.of("Cluster Name", "jobs-cluster", "Consumer Group", "publishers", "Topic", "published"));
	}

	private List<JsonNode> putMetricData() {
		CBORMapper cbor = new CBORMapper();
		return this.cloudWatch.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.filter((request) -> request.getUrl().equals(PUT_METRIC_DATA))
			.map((request) -> cbor.readTree(request.getBody()))
			.toList();
	}

	private static double value(JsonNode request, String metric) {
		return StreamSupport.stream(request.get("MetricData").spliterator(), false)
			.filter((datum) -> datum.get("MetricName").asString().equals(metric))
			.mapToDouble((datum) -> datum.get("Value").asDouble())
			.findFirst()
			.orElse(Double.NaN);
	}

	private static List<String> names(JsonNode request) {
		return StreamSupport.stream(request.get("MetricData").spliterator(), false)
			.map((datum) -> datum.get("MetricName").asString())
			.toList();
	}

	private static Map<String, String> dimensions(JsonNode datum) {
		return StreamSupport.stream(datum.get("Dimensions").spliterator(), false)
			.collect(java.util.stream.Collectors.toMap((dimension) -> dimension.get("Name").asString(),
					(dimension) -> dimension.get("Value").asString()));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakeCloudWatch {

		@Bean(destroyMethod = "stop")
		WireMockServer cloudWatch() {
			WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
			server.stubFor(post(urlPathEqualTo(PUT_METRIC_DATA)).willReturn(aResponse().withStatus(200)
				.withHeader("smithy-protocol", "rpc-v2-cbor")
				.withHeader("Content-Type", "application/cbor")
				.withBody(new byte[] { (byte) 0xA0 })));
			server.start();
			return server;
		}

		@Bean
		DynamicPropertyRegistrar cloudWatchEndpoint(WireMockServer cloudWatch) {
			return (registry) -> registry.add("jobs.cloudwatch.endpoint-override", cloudWatch::baseUrl);
		}

	}

}
