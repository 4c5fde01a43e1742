package com.example.mskqueue.consumer.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.contract.DeadLetterReasons;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.testing.TestBroker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented example of real work replaces the stand-in sleep when
 * {@code JOB_HTTP_URL} is set: each job is a POST to that URL with its key as the
 * idempotency key, and an answer that is not 2xx fails the try, so that the job ends in
 * the dead-letter topic as {@code job-failed}.
 */
class HttpCallJobWorkTests {

	WireMockServer receiver;

	@BeforeEach
	void startReceiver() {
		this.receiver = new WireMockServer(wireMockConfig().dynamicPort());
		this.receiver.start();
		this.receiver.stubFor(post(urlEqualTo("/jobs")).willReturn(aResponse().withStatus(204)));
		this.receiver.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503)));
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop();
	}

	@Test
	void aJobIsAPostOfItsKeyAndValueInsteadOfTheSleep() throws Exception {
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=http-jobs",
				"spring.kafka.consumer.group-id=http-work", "jobs.work-unit=1h",
				"jobs.work.http.url=" + this.receiver.baseUrl() + "/jobs")) {
			TestBroker.send("http-jobs", 0, List.of(Map.entry("http-job-1", "7".getBytes(StandardCharsets.UTF_8))));

			// A work unit of an hour: only the HTTP call can have done it so soon.
			await().atMost(Duration.ofSeconds(30)).until(() -> consumer.completedKeys().contains("http-job-1"));
			this.receiver
				.verify(postRequestedFor(urlEqualTo("/jobs")).withHeader("Idempotency-Key", equalTo("http-job-1"))
					.withRequestBody(equalToJson("{\"key\":\"http-job-1\",\"seconds\":7,\"batch\":null}")));
		}
	}

	@Test
	void aCallThatDoesNotSucceedFailsTheTryAndTheLastTryIsDeadLettered() throws Exception {
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=queue", "jobs.topic=http-broken",
				"spring.kafka.consumer.group-id=http-broken", "jobs.dead-letters.tries=1",
				"jobs.work.http.url=" + this.receiver.baseUrl() + "/broken")) {
			TestBroker.send("http-broken", 0, List.of(Map.entry("http-job-2", "1".getBytes(StandardCharsets.UTF_8))));

			await().atMost(Duration.ofSeconds(30)).until(() -> !TestBroker.records("http-broken-dlt").isEmpty());
			var deadLetter = TestBroker.records("http-broken-dlt").get(0);
			assertThat(deadLetter.key()).isEqualTo("http-job-2");
			assertThat(new String(deadLetter.headers().lastHeader(JobHeaders.DEAD_LETTER_REASON).value(),
					StandardCharsets.UTF_8))
				.isEqualTo(DeadLetterReasons.FAILED);
			this.receiver.verify(1, postRequestedFor(urlEqualTo("/broken")));
			assertThat(consumer.completedKeys()).as("failed, never done").doesNotContain("http-job-2");
		}
	}

}
