package com.example.mskqueue.contract;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class QueueTopicsTests {

	@Test
	void theLifecycleTopicKeepsEventsForTheRetentionAndTheControlTopicIsCompacted() {
		List<NewTopic> topics = QueueTopics.newTopics("msk-jobs", Duration.ofDays(7));

		assertThat(topics).extracting(NewTopic::name).containsExactly("msk-jobs-lifecycle", "msk-jobs-control");
		assertThat(topics.get(0).numPartitions()).isEqualTo(QueueTopics.LIFECYCLE_PARTITIONS);
		assertThat(topics.get(0).configs()).containsEntry("retention.ms", "604800000");
		assertThat(topics.get(1).numPartitions()).isEqualTo(1);
		assertThat(topics.get(1).configs()).containsEntry("cleanup.policy", "compact,delete");
	}

	@Test
	void lifecycleAndControlTopicsAreNeverWorkTopics() {
		assertThat(WorkTopics.problem("msk-jobs-lifecycle"))
			.hasValueSatisfying((problem) -> assertThat(problem).startsWith("names a lifecycle or control topic"));
		assertThat(WorkTopics.problem("msk-jobs-control")).isPresent();
		assertThat(WorkTopics.problem("msk-jobs-controls")).isEmpty();
	}

	@Test
	void aWatchedWorkTopicLeavesRoomForItsLifecycleTopicInKafkasLimit() {
		String longest = "t".repeat(QueueTopics.MAX_WATCHED_TOPIC_LENGTH);

		assertThat(QueueTopics.watchedTopicProblem(longest)).isEmpty();
		assertThatNoException().isThrownBy(() -> Topic.validate(QueueTopics.lifecycleTopicOf(longest)));
		assertThat(QueueTopics.watchedTopicProblem(longest + "t"))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("'-lifecycle'"));
	}

}
