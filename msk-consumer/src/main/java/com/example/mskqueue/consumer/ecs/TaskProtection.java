package com.example.mskqueue.consumer.ecs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * ECS task scale-in protection around each job. Inside an ECS task ({@code ECS_AGENT_URI} set)
 * the task is protected before a job starts and released after its commit, so that a scale-in
 * never stops a task in the middle of a job. Outside ECS it does nothing.
 * <p>
 * A failing agent call is logged and never fails the job: protection narrows the window for a
 * mid-job stop, and the graceful stop covers the rest.
 */
@Component
public class TaskProtection {

	private static final Logger log = LoggerFactory.getLogger(TaskProtection.class);

	private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(2);

	private final URI endpoint;

	private final long expiresInMinutes;

	private final HttpClient http;

	TaskProtection(ConsumerProperties properties) {
		this.endpoint = StringUtils.hasText(properties.ecsAgentUri())
				? URI.create(properties.ecsAgentUri().replaceAll("/+$", "") + "/task-protection/v1/state") : null;
		// Outlives the longest job, so a task that dies mid-job is not protected for long.
		this.expiresInMinutes = Math.max(1, properties.longestJob().toMinutes() + 1);
		this.http = HttpClient.newBuilder().connectTimeout(AGENT_TIMEOUT).build();
		if (this.endpoint != null) {
			log.info("ECS task scale-in protection on: {} (expires after {} min)", this.endpoint, this.expiresInMinutes);
		}
	}

	/** Protect the task from scale-in; call before a job. */
	public void protect() {
		put("{\"ProtectionEnabled\":true,\"ExpiresInMinutes\":" + this.expiresInMinutes + "}");
	}

	/** Let scale-in pick this task again; call after the job is committed. */
	public void release() {
		put("{\"ProtectionEnabled\":false}");
	}

	private void put(String body) {
		if (this.endpoint == null) {
			return;
		}
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.endpoint)
				.timeout(AGENT_TIMEOUT)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				log.warn("ECS agent answered {} to {}: {}", response.statusCode(), body, response.body());
			}
		}
		catch (java.io.IOException ex) {
			log.warn("ECS agent unreachable for task protection {}: {}", body, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
