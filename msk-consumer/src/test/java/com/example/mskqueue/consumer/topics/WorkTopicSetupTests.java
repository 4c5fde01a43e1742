package com.example.mskqueue.consumer.topics;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics belong to whoever created them: the consumer creates a missing work topic and
 * its dead-letter twin with the configured partitions, and never changes a topic that
 * exists, whatever its partition count (it says so, once per topic).
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkTopicSetupTests {

	@Test
	void leavesExistingTopicsWithFewerPartitionsThanItsDefaultAsTheyAre(CapturedOutput output) throws Exception {
		try (var admin = TestBroker.admin()) {
			admin
				.createTopics(
						List.of(new NewTopic("owned-jobs", 1, (short) 1), new NewTopic("owned-jobs-dlt", 1, (short) 1)))
				.all()
				.get();
		}

		RunningConsumer
			.start("jobs.mode=group", "jobs.topic=owned-jobs", "spring.kafka.consumer.group-id=owned-jobs-group")
			.close();
		assertThat(TestBroker.partitionCount("owned-jobs")).isEqualTo(1);
		assertThat(TestBroker.partitionCount("owned-jobs-dlt")).isEqualTo(1);
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains(
					"Topic owned-jobs has 1 partitions, not the 5 configured for group mode; it is left as it is")))
			.hasSize(1);
		assertThat(output.getAll()).doesNotContain("increasing");
	}

	@Test
	void leavesAnExistingQueueModeTopicWithMorePartitionsAsItIs(CapturedOutput output) throws Exception {
		try (var admin = TestBroker.admin()) {
			admin
				.createTopics(List.of(new NewTopic("shared-jobs", 3, (short) 1),
						new NewTopic("shared-jobs-dlt", 3, (short) 1)))
				.all()
				.get();
		}

		RunningConsumer
			.start("jobs.mode=queue", "jobs.topic=shared-jobs", "jobs.share-group=shared-jobs-queue",
					"jobs.queue.record-lock-duration=15s")
			.close();
		assertThat(TestBroker.partitionCount("shared-jobs")).isEqualTo(3);
		assertThat(TestBroker.partitionCount("shared-jobs-dlt")).isEqualTo(3);
		assertThat(output.getAll()).contains("Topic shared-jobs has 3 partitions, not the 1 configured for queue mode")
			.contains("with 1 partition every member takes every job");
	}

	@Test
	void createsAMissingWorkTopicAndItsTwinWithTheConfiguredPartitions() throws Exception {
		RunningConsumer
			.start("jobs.mode=group", "jobs.topic=new-jobs", "jobs.partitions=4",
					"spring.kafka.consumer.group-id=new-jobs-group")
			.close();
		assertThat(TestBroker.partitionCount("new-jobs")).isEqualTo(4);
		assertThat(TestBroker.partitionCount("new-jobs-dlt")).isEqualTo(4);
	}

}
