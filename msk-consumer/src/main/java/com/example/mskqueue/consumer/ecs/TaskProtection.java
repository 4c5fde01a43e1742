package com.example.mskqueue.consumer.ecs;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * ECS task scale-in protection while any job runs. Inside an ECS task
 * ({@code ECS_AGENT_URI} set) the task is protected when its first running job starts and
 * released when its last running job is settled, so that a scale-in never picks a task in
 * the middle of a job. Outside ECS it does nothing.
 * <p>
 * The protection expires a little after the longest job, so that a task that dies mid-job
 * is not protected for long; while jobs keep running it is renewed once half of that has
 * passed. A failing agent call is logged and never fails a job: protection narrows the
 * window for a mid-job stop, and the graceful stop covers the rest.
 */
@Component
public class TaskProtection {

	private static final Logger log = LoggerFactory.getLogger(TaskProtection.class);

	private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(2);

	static final String STATE_PATH = "/task-protection/v1/state";

	private final RestClient agent;

	private final Duration expiresIn;

	/** Jobs between their start and their settlement; guarded by {@code this}. */
	private int running;

	/**
	 * When protection was last switched on, or {@code null} while off; guarded by
	 * {@code this}.
	 */
	private Instant protectedAt;

	TaskProtection(ConsumerProperties properties) {
		this.expiresIn = Duration.ofMinutes(Math.max(1, properties.longestJob().toMinutes() + 1));
		if (StringUtils.hasText(properties.ecsAgentUri())) {
			// The agent speaks plain HTTP/1.1 on the task's link-local address.
			JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(AGENT_TIMEOUT).build());
			requests.setReadTimeout(AGENT_TIMEOUT);
			this.agent = RestClient.builder()
				.baseUrl(properties.ecsAgentUri().replaceAll("/+$", ""))
				.requestFactory(requests)
				.build();
			log.info("ECS task scale-in protection on: {} (expires after {} min)", properties.ecsAgentUri(),
					this.expiresIn.toMinutes());
		}
		else {
			this.agent = null;
		}
	}

	/**
	 * A job starts: protect the task if it is the only one running, or renew an aging
	 * protection.
	 */
	public synchronized void jobStarted() {
		this.running++;
		Instant now = Instant.now();
		if (this.protectedAt == null || now.isAfter(this.protectedAt.plus(this.expiresIn.dividedBy(2)))) {
			this.protectedAt = now;
			Map<String, Object> state = new LinkedHashMap<>();
			state.put("ProtectionEnabled", true);
			state.put("ExpiresInMinutes", this.expiresIn.toMinutes());
			put(state);
		}
	}

	/** A job is settled (or failed): let scale-in pick this task again once none runs. */
	public synchronized void jobEnded() {
		this.running = Math.max(0, this.running - 1);
		if (this.running == 0 && this.protectedAt != null) {
			this.protectedAt = null;
			put(Map.of("ProtectionEnabled", false));
		}
	}

	private void put(Map<String, Object> state) {
		if (this.agent == null) {
			return;
		}
		try {
			this.agent.put()
				.uri(STATE_PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.body(state)
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			log.warn("ECS agent refused or did not answer task protection {}: {}", state, ex.getMessage());
		}
	}

}
