package com.example.mskqueue.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's web port as ECS and an operator see it, over real HTTP: the health check
 * answers, the metrics include the job counters, and a request for the error path is a
 * 404, not a 500.
 */
class WebEndpointsTests {

	static RunningConsumer consumer;

	@BeforeAll
	static void start() {
		consumer = RunningConsumer.start("jobs.mode=group", "jobs.topic=web-jobs",
				"spring.kafka.consumer.group-id=web");
	}

	@AfterAll
	static void stop() {
		consumer.close();
	}

	@Test
	void answersTheHealthCheck() throws Exception {
		HttpResponse<String> health = get("/actuator/health");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void theErrorPathIsNotFoundNotAServerError() throws Exception {
		assertThat(get("/error").statusCode()).isEqualTo(404);
		assertThat(get("/no-such-page").statusCode()).isEqualTo(404);
	}

	@Test
	void servesPrometheusMetricsWithTheJobTimersAsHistograms() throws Exception {
		HttpResponse<String> metrics = get("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("msk_job_wait_seconds_bucket", "msk_job_run_seconds_bucket",
				"msk_job_total_seconds_bucket", "msk_jobs_cancelled_total");
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumer.port() + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
