package com.example.mskqueue.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-broker cluster: replicas on every broker and MSK's replication settings. Its
 * brokers' stops, kills and restarts are proven where they matter, under load, by the
 * system tests' cluster faults.
 */
class KafkaClusterTests {

	@TempDir
	Path dataDir;

	@Test
	void threeBrokersReplicateEveryTopicThreeTimesWithMsksInSyncMinimum() throws Exception {
		try (KafkaCluster cluster = KafkaCluster.start(this.dataDir, 3, Map.of()); Admin admin = cluster.admin()) {
			// No replication factor given: the cluster's default, as MSK's configuration
			// sets it.
			admin.createTopics(List.of(new NewTopic("replicated", Optional.of(3), Optional.empty()))).all().get();
			TopicDescription topic = admin.describeTopics(List.of("replicated"))
				.allTopicNames()
				.get()
				.get("replicated");
			assertThat(topic.partitions()).allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3));
			assertThat(admin.describeCluster().nodes().get()).hasSize(3);
			ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
			assertThat(
					admin.describeConfigs(List.of(broker)).all().get().get(broker).get("min.insync.replicas").value())
				.isEqualTo("2");
			KafkaBrokerTests.produce(cluster.bootstrapServers(), "replicated", "replicated three times");

			assertThat(KafkaBrokerTests.consume(cluster.bootstrapServers(), "replicated", 1))
				.containsExactly("replicated three times");
		}
	}

}
