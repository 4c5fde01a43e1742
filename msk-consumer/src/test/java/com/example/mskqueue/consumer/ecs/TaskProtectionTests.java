package com.example.mskqueue.consumer.ecs;

import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.mskqueue.consumer.KafkaTestClients;
import com.example.mskqueue.consumer.work.JobCompleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inside ECS ({@code ECS_AGENT_URI} set) each job is wrapped in task scale-in protection: on
 * before the job, off after its commit. A local HTTP server stands in for the ECS agent.
 */
@SpringBootTest(properties = { "jobs.topic=protected-jobs", "jobs.partitions=1", "jobs.work-unit=10ms",
		"spring.kafka.consumer.group-id=protected-test" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(TaskProtectionTests.Timeline.class)
class TaskProtectionTests {

	static final List<String> timeline = new CopyOnWriteArrayList<>();

	static final HttpServer agent = startAgent();

	@Autowired
	EmbeddedKafkaBroker broker;

	@DynamicPropertySource
	static void agentUri(DynamicPropertyRegistry registry) {
		registry.add("jobs.ecs-agent-uri", () -> "http://127.0.0.1:" + agent.getAddress().getPort() + "/");
	}

	@AfterAll
	static void stopAgent() {
		agent.stop(0);
	}

	@Test
	void protectsTheTaskDuringEachJobAndReleasesItAfterTheCommit() throws Exception {
		KafkaTestClients.send(this.broker.getBrokersAsString(), "protected-jobs", 0,
				List.of(Map.entry("first", "1".getBytes(StandardCharsets.UTF_8)),
						Map.entry("second", "2".getBytes(StandardCharsets.UTF_8))));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(timeline).hasSize(6));
		assertThat(timeline).containsExactly(
				"PUT /task-protection/v1/state {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":1}",
				"PUT /task-protection/v1/state {\"ProtectionEnabled\":false}", "completed first",
				"PUT /task-protection/v1/state {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":1}",
				"PUT /task-protection/v1/state {\"ProtectionEnabled\":false}", "completed second");
	}

	private static HttpServer startAgent() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				timeline.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
				byte[] answer = "{\"protection\":{}}".getBytes(StandardCharsets.UTF_8);
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

	@TestConfiguration(proxyBeanMethods = false)
	static class Timeline {

		@EventListener
		void on(JobCompleted job) {
			timeline.add("completed " + job.key());
		}

	}

}
