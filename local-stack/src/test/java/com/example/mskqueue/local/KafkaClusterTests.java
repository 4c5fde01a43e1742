package com.example.mskqueue.local;

import java.nio.file.Path;
import java.time.Duration;
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
 * The three-broker cluster: replicas on every broker, MSK's replication settings, a
 * broker that can be stopped and started again, after which every replica is back in
 * sync.
 */
class KafkaClusterTests {

	@TempDir
	Path dataDir;

	@Test
	void threeBrokersReplicateEveryTopicThreeTimesAndABrokerCanBeRestarted() throws Exception {
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
			KafkaBrokerTests.produce(cluster.bootstrapServers(), "replicated", "before");

			cluster.broker(2).stop();
			KafkaBrokerTests.produce(cluster.bootstrapServers(), "replicated", "while one is down");
			cluster.broker(2).start();
			cluster.awaitAllInSync(Duration.ofMinutes(1));

			assertThat(KafkaBrokerTests.consume(cluster.bootstrapServers(), "replicated", 2))
				.containsExactlyInAnyOrder("before", "while one is down");
		}
	}

}
