package com.example.mskqueue.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A local Apache Kafka cluster shaped like an MSK cluster: three brokers (each its own
 * JVM, in its own "availability zone" rack) and a KRaft controller of its own, with the
 * settings of the CDK stack's MSK configuration: replication factor 3 and
 * {@code min.insync.replicas} 2 for topics and for the internal topics (consumer offsets,
 * share-group state). Brokers can be stopped, killed and restarted one at a time, as MSK
 * does when it patches them.
 */
public final class KafkaCluster implements LocalKafka {

	/** Replicas of every topic, as in the CDK stack's MSK configuration. */
	public static final int REPLICATION_FACTOR = 3;

	/**
	 * In-sync replicas an {@code acks=all} write needs, as in the CDK stack's MSK
	 * configuration.
	 */
	public static final int MIN_INSYNC_REPLICAS = 2;

	private final KafkaNode controller;

	private final List<KafkaNode> brokers;

	private KafkaCluster(KafkaNode controller, List<KafkaNode> brokers) {
		this.controller = controller;
		this.brokers = brokers;
	}

	/**
	 * Start a controller and {@code brokerCount} brokers on free ports, with their data
	 * under {@code dataDir}.
	 * @param overrides broker settings that replace or add to the defaults
	 */
	public static KafkaCluster start(Path dataDir, int brokerCount, Map<String, String> overrides)
			throws IOException, InterruptedException {
		String clusterId = Uuid.randomUuid().toString();
		int controllerPort = FreePorts.next();
		String voters = "0@127.0.0.1:" + controllerPort;
		Map<String, String> controllerConfig = new LinkedHashMap<>();
		controllerConfig.put("process.roles", "controller");
		controllerConfig.put("node.id", "0");
		controllerConfig.put("controller.quorum.voters", voters);
		controllerConfig.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
		controllerConfig.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
		controllerConfig.put("controller.listener.names", "CONTROLLER");
		// The controller records its own min.insync.replicas as the cluster-wide default
		// (KRaft, eligible leader replicas), which wins over the brokers' static setting:
		// set it here too.
		controllerConfig.put("min.insync.replicas", Integer.toString(MIN_INSYNC_REPLICAS));
		// Topics are created by the controller, with its defaults for what a request
		// leaves out.
		controllerConfig.put("default.replication.factor", Integer.toString(REPLICATION_FACTOR));
		controllerConfig.put("num.partitions", "5");
		controllerConfig.put(KafkaBroker.IDLE_METADATA_WRITES, KafkaBroker.IDLE_METADATA_WRITES_MS);
		// The controller validates configuration changes (a share group's lock duration
		// against group.share.min.record.lock.duration.ms, ...) with its own settings.
		controllerConfig.putAll(overrides);
		KafkaNode controller = new KafkaNode("controller", dataDir.resolve("controller"), controllerConfig, clusterId,
				true, KafkaBroker.HEAP, null, controllerPort);
		controller.start();
		List<KafkaNode> brokers = new ArrayList<>();
		for (int id = 1; id <= brokerCount; id++) {
			int port = FreePorts.next();
			Map<String, String> config = new LinkedHashMap<>();
			config.put("process.roles", "broker");
			config.put("node.id", Integer.toString(id));
			config.put("controller.quorum.voters", voters);
			config.put("controller.listener.names", "CONTROLLER");
			config.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
			config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
			config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			config.put("inter.broker.listener.name", "PLAINTEXT");
			// MSK spreads its brokers over availability zones and replicas over brokers
			// by rack.
			config.put("broker.rack", "az-" + id);
			config.put("auto.create.topics.enable", "false");
			config.put("num.partitions", "5");
			config.put("default.replication.factor", Integer.toString(REPLICATION_FACTOR));
			config.put("min.insync.replicas", Integer.toString(MIN_INSYNC_REPLICAS));
			config.put("offsets.topic.replication.factor", Integer.toString(REPLICATION_FACTOR));
			config.put("offsets.topic.num.partitions", "10");
			config.put("transaction.state.log.replication.factor", Integer.toString(REPLICATION_FACTOR));
			config.put("transaction.state.log.min.isr", Integer.toString(MIN_INSYNC_REPLICAS));
			config.put("share.coordinator.state.topic.replication.factor", Integer.toString(REPLICATION_FACTOR));
			config.put("share.coordinator.state.topic.min.isr", Integer.toString(MIN_INSYNC_REPLICAS));
			config.put("group.initial.rebalance.delay.ms", "0");
			config.putAll(overrides);
			brokers.add(new KafkaNode("broker-" + id, dataDir.resolve("broker-" + id), config, clusterId, true,
					KafkaBroker.HEAP, port, controllerPort));
		}
		KafkaNode.startAll(brokers);
		return new KafkaCluster(controller, List.copyOf(brokers));
	}

	/**
	 * Every broker's client address: clients find the others from any one that answers.
	 */
	@Override
	public String bootstrapServers() {
		return this.brokers.stream().map(KafkaNode::bootstrapServers).collect(Collectors.joining(","));
	}

	public List<KafkaNode> brokers() {
		return this.brokers;
	}

	/** The broker with this node id (1 to the broker count). */
	public KafkaNode broker(int id) {
		return this.brokers.stream()
			.filter((broker) -> broker.id() == id)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no broker " + id));
	}

	/**
	 * Wait until every replica of every topic is back in sync: the point at which MSK's
	 * rolling restart moves on to the next broker.
	 */
	public void awaitAllInSync(Duration atMost) {
		awaitInSync(atMost, Integer.MAX_VALUE);
	}

	/**
	 * Wait until every partition of every topic (internal ones included) has a leader and
	 * at least {@code replicas} replicas in sync (or all of its replicas, if it has
	 * fewer).
	 */
	public void awaitInSync(Duration atMost, int replicas) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> inSync(replicas));
	}

	private boolean inSync(int replicas) throws Exception {
		try (Admin admin = admin()) {
			Map<String, TopicDescription> topics = admin
				.describeTopics(
						admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS);
			return topics.values()
				.stream()
				.flatMap((topic) -> topic.partitions().stream())
				.allMatch((partition) -> partition.leader() != null
						&& partition.isr().size() >= Math.min(replicas, partition.replicas().size()));
		}
	}

	/** An Admin client on every broker. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				5_000));
	}

	/** Stops every broker, then the controller. */
	@Override
	public void close() {
		for (KafkaNode broker : this.brokers) {
			broker.close();
		}
		this.controller.close();
	}

}
