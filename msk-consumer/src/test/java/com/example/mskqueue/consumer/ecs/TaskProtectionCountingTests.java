package com.example.mskqueue.consumer.ecs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.contract.ConsumerMode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several workers in a task, the task stays protected while any job runs: protected
 * when the first starts, released when the last ends. A failing agent never fails a job.
 */
class TaskProtectionCountingTests {

	final List<String> calls = new CopyOnWriteArrayList<>();

	WireMockServer agent;

	@BeforeEach
	void startAgent() {
		this.agent = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		this.agent.addMockServiceRequestListener((request, response) -> this.calls.add(request.getBodyAsString()));
		this.agent.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		this.agent.start();
	}

	@AfterEach
	void stopAgent() {
		this.agent.stop();
	}

	@Test
	void protectsOnceWhileOverlappingJobsRunAndReleasesWhenTheLastEnds() {
		TaskProtection protection = protection(this.agent.baseUrl());

		protection.jobStarted();
		protection.jobStarted();
		protection.jobEnded();
		assertThat(this.calls).containsExactly("{\"ProtectionEnabled\":true,\"ExpiresInMinutes\":1}");
		protection.jobEnded();

		assertThat(this.calls).containsExactly("{\"ProtectionEnabled\":true,\"ExpiresInMinutes\":1}",
				"{\"ProtectionEnabled\":false}");
	}

	@Test
	void anAgentThatFailsNeverFailsAJob() {
		this.agent.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody("AccessDeniedException")));
		TaskProtection protection = protection(this.agent.baseUrl());

		protection.jobStarted();
		protection.jobEnded();

		assertThat(this.calls).hasSize(2);
	}

	@Test
	void doesNothingOutsideEcs() {
		TaskProtection protection = protection(null);

		protection.jobStarted();
		protection.jobEnded();

		assertThat(this.calls).isEmpty();
	}

	private static TaskProtection protection(String agentUri) {
		ConsumerProperties properties = new ConsumerProperties(ConsumerMode.GROUP, "jobs", "jobs-group", null,
				Duration.ofSeconds(1), 4, ConsumerProperties.GroupProtocol.CONSUMER, "jobs-queue", agentUri);
		return new TaskProtection(properties);
	}

}
