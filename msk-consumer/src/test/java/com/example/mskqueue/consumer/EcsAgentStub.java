package com.example.mskqueue.consumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistrar;

import com.example.mskqueue.consumer.job.JobCompleted;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock in the role of the ECS agent ({@code ECS_AGENT_URI}): it answers every task
 * protection call, and a timeline records those calls and the completed jobs in the order
 * they happened.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EcsAgentStub {

	private final List<String> timeline = new CopyOnWriteArrayList<>();

	/**
	 * Protection calls ({@code PUT <body>}) and completed jobs ({@code completed <key>}),
	 * in order.
	 */
	public List<String> timeline() {
		return this.timeline;
	}

	@Bean(destroyMethod = "stop")
	WireMockServer ecsAgent() {
		WireMockServer agent = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		agent.addMockServiceRequestListener((request, response) -> this.timeline.add(request.getMethod() + " "
				+ request.getUrl() + " " + new String(request.getBody(), StandardCharsets.UTF_8)));
		agent.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"protection\":{}}")));
		agent.start();
		return agent;
	}

	@Bean
	DynamicPropertyRegistrar ecsAgentUri(WireMockServer ecsAgent) {
		return (registry) -> registry.add("jobs.ecs-agent-uri", ecsAgent::baseUrl);
	}

	@EventListener
	void on(JobCompleted job) {
		this.timeline.add("completed " + job.key());
	}

}
