package com.example.mskqueue.consumer.ecs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.example.mskqueue.consumer.EcsAgentStub;
import com.example.mskqueue.consumer.GroupModeTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inside ECS ({@code ECS_AGENT_URI} set) each job is wrapped in task scale-in protection:
 * on before the job, off after its commit. WireMock stands in for the ECS agent.
 */
@GroupModeTest
class TaskProtectionTests {

	static final String PROTECT = "PUT /task-protection/v1/state {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":1}";

	static final String RELEASE = "PUT /task-protection/v1/state {\"ProtectionEnabled\":false}";

	@Autowired
	EcsAgentStub agent;

	@Test
	void protectsTheTaskDuringEachJobAndReleasesItAfterTheCommit() throws Exception {
		this.agent.timeline().clear();

		TestBroker.send(GroupModeTest.TOPIC, 0,
				List.of(Map.entry("protected-first", "1".getBytes(StandardCharsets.UTF_8)),
						Map.entry("protected-second", "2".getBytes(StandardCharsets.UTF_8))));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.agent.timeline()).contains("completed protected-second"));
		assertThat(this.agent.timeline()).containsExactly(PROTECT, RELEASE, "completed protected-first", PROTECT,
				RELEASE, "completed protected-second");
	}

}
