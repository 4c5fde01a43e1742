package com.example.mskqueue.producer.lag;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.mskqueue.producer.GroupMembers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lag goes to CloudWatch with MSK's names and dimensions under the project's
 * namespace. A local HTTP server stands in for CloudWatch (endpoint override); no AWS
 * call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "jobs.topic=published", "jobs.lag.consumer-group=publishers", "jobs.lag.interval=500ms",
				"jobs.lag.cloudwatch.enabled=true", "jobs.lag.cloudwatch.period=1s",
				"jobs.lag.cloudwatch.cluster-name=jobs-cluster", "jobs.lag.cloudwatch.region=eu-west-1" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class CloudWatchLagPublisherTests {

	static final List<String> requests = new CopyOnWriteArrayList<>();

	static final HttpServer cloudWatch = start();

	@Autowired
	EmbeddedKafkaBroker broker;

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		System.setProperty("aws.accessKeyId", "test");
		System.setProperty("aws.secretAccessKey", "test");
		registry.add("jobs.lag.cloudwatch.endpoint-override",
				() -> "http://127.0.0.1:" + cloudWatch.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		cloudWatch.stop(0);
	}

	@Test
	void publishesSumMaxAndTimeLagWithMskDimensions() throws Exception {
		String bootstrap = this.broker.getBrokersAsString();
		GroupMembers.createTopic(bootstrap, "published", 2);
		GroupMembers.fill(bootstrap, "published", 0, 4);
		GroupMembers.commitAndLeave(bootstrap, "publishers", "published", Map.of(0, 1L, 1, 0L));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> requests.stream().anyMatch((body) -> body.contains("MetricData.member.1.Value=3.0")));
		String request = requests.stream()
			.filter((body) -> body.contains("MetricData.member.1.Value=3.0"))
			.findFirst()
			.orElseThrow();
		assertThat(request).contains("MskJobQueue", "SumOffsetLag", "MaxOffsetLag", "EstimatedMaxTimeLag",
				"Cluster Name", "jobs-cluster", "Consumer Group", "publishers", "Topic", "published");
		assertThat(request).contains("MetricData.member.1.MetricName=SumOffsetLag")
			.contains("MetricData.member.1.Value=3.0");
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
				requests.add(type.contains("x-www-form-urlencoded") ? URLDecoder.decode(body, StandardCharsets.UTF_8)
						: body);
				byte[] answer;
				if (type.contains("cbor")) {
					exchange.getResponseHeaders().add("Content-Type", "application/cbor");
					exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
					answer = new byte[] { (byte) 0xA0 };
				}
				else if (type.contains("json")) {
					exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
					answer = "{}".getBytes(StandardCharsets.UTF_8);
				}
				else {
					exchange.getResponseHeaders().add("Content-Type", "text/xml");
					answer = "<PutMetricDataResponse><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></PutMetricDataResponse>"
						.getBytes(StandardCharsets.UTF_8);
				}
				exchange.sendResponseHeaders(200, answer.length);
				exchange.getResponseBody().write(answer);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
