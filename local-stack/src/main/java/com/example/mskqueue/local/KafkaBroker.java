package com.example.mskqueue.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka cluster in KRaft mode (one JVM, broker and controller
 * combined), the run command's broker and most tests'. Its storage is formatted once,
 * with share groups enabled ({@code share.version=1}); later starts reuse it. See
 * {@link KafkaCluster} for the three-broker cluster MSK really is.
 */
public final class KafkaBroker implements LocalKafka {

	/**
	 * Every local node's maximum heap: one value, so that all nodes share one AOT cache.
	 */
	static final String HEAP = "512m";

	/**
	 * How often an idle controller writes a no-op record to the metadata log, which only
	 * feeds the metadata-lag metrics (KIP-835): every 10 s instead of every 500 ms, which
	 * took an idle local broker from 3.3% to 2.5% of a core.
	 */
	static final String IDLE_METADATA_WRITES = "metadata.max.idle.interval.ms";

	static final String IDLE_METADATA_WRITES_MS = "10000";

	private static final int PORT_ATTEMPTS = 3;

	private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

	private final KafkaNode node;

	private KafkaBroker(KafkaNode node) {
		this.node = node;
	}

	/**
	 * Format its storage if needed, start it and wait until it answers clients. A broker
	 * on free ports whose port was taken between the choice and its bind (by another JVM
	 * choosing at the same moment) is started again on other free ports.
	 */
	public static KafkaBroker start(Settings settings) throws IOException, InterruptedException {
		Settings attempt = settings;
		for (int attempts = 1;; attempts++) {
			try {
				return startOnce(attempt);
			}
			catch (KafkaNode.StartFailedException ex) {
				if (!attempt.portsChosenFree() || attempts == PORT_ATTEMPTS || !ex.portTaken()) {
					throw ex;
				}
				log.warn("Port {} or {} was taken before Kafka bound it: starting it on other free ports",
						attempt.port(), attempt.controllerPort());
				attempt = attempt.onOtherFreePorts();
			}
		}
	}

	private static KafkaBroker startOnce(Settings settings) throws IOException, InterruptedException {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("process.roles", "broker,controller");
		config.put("node.id", "1");
		config.put("controller.quorum.voters", "1@127.0.0.1:" + settings.controllerPort());
		config.put("listeners",
				"PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://127.0.0.1:" + settings.controllerPort());
		config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.port());
		config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		config.put("controller.listener.names", "CONTROLLER");
		config.put("inter.broker.listener.name", "PLAINTEXT");
		// Like MSK: topics are created on purpose, never by a typo.
		config.put("auto.create.topics.enable", "false");
		config.put("num.partitions", "5");
		// One node: every internal topic has one replica.
		config.put("offsets.topic.replication.factor", "1");
		config.put("offsets.topic.num.partitions", "10");
		config.put("transaction.state.log.replication.factor", "1");
		config.put("transaction.state.log.min.isr", "1");
		config.put("share.coordinator.state.topic.replication.factor", "1");
		config.put("share.coordinator.state.topic.min.isr", "1");
		// Start work at once when the first consumer joins instead of waiting 3 s for
		// others.
		config.put("group.initial.rebalance.delay.ms", "0");
		config.put(IDLE_METADATA_WRITES, IDLE_METADATA_WRITES_MS);
		config.putAll(settings.overrides());
		KafkaNode node = new KafkaNode("kafka", settings.dataDir(), config, Uuid.randomUuid().toString(),
				settings.shareGroups(), settings.heap(), settings.port(), settings.controllerPort());
		node.start();
		return new KafkaBroker(node);
	}

	@Override
	public String bootstrapServers() {
		return this.node.bootstrapServers();
	}

	public Path logFile() {
		return this.node.logFile();
	}

	public boolean isAlive() {
		return this.node.isAlive();
	}

	/** Stop it cleanly (controlled shutdown). */
	public void stop() throws InterruptedException {
		this.node.stop();
	}

	/** Kill it at once, as a crash would. */
	public void kill() throws InterruptedException {
		this.node.kill();
	}

	/**
	 * Start it again on the same data and ports, after {@link #stop()} or
	 * {@link #kill()}.
	 */
	public void restart() throws IOException, InterruptedException {
		this.node.restart();
	}

	/** Stops it; an interrupt while waiting is passed on to the calling thread. */
	@Override
	public void close() {
		try {
			stop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Where a broker keeps its data and which ports it listens on.
	 *
	 * @param dataDir its folder: configuration, log segments and its own log file
	 * @param port the client listener's port (PLAINTEXT on 127.0.0.1)
	 * @param controllerPort the KRaft controller listener's port
	 * @param overrides broker settings that replace or add to the defaults
	 * @param heap the broker's maximum heap, such as {@code 512m}
	 * @param shareGroups whether its storage is formatted with share groups
	 * ({@code share.version=1}); without them it is like a cluster older than Apache
	 * Kafka 4.2
	 * @param portsChosenFree whether the ports were chosen free ({@link #onFreePorts}),
	 * so that others may replace them
	 */
	public record Settings(Path dataDir, int port, int controllerPort, Map<String, String> overrides, String heap,
			boolean shareGroups, boolean portsChosenFree) {

		public static Settings of(Path dataDir, int port, int controllerPort) {
			return new Settings(dataDir, port, controllerPort, Map.of(), HEAP, true, false);
		}

		/** On free ports, for tests and benchmarks. */
		public static Settings onFreePorts(Path dataDir) {
			return new Settings(dataDir, FreePorts.next(), FreePorts.next(), Map.of(), HEAP, true, true);
		}

		public Settings with(Map<String, String> moreOverrides) {
			Map<String, String> all = new LinkedHashMap<>(this.overrides);
			all.putAll(moreOverrides);
			return new Settings(this.dataDir, this.port, this.controllerPort, all, this.heap, this.shareGroups,
					this.portsChosenFree);
		}

		public Settings withoutShareGroups() {
			return new Settings(this.dataDir, this.port, this.controllerPort, this.overrides, this.heap, false,
					this.portsChosenFree);
		}

		Settings onOtherFreePorts() {
			return new Settings(this.dataDir, FreePorts.next(), FreePorts.next(), this.overrides, this.heap,
					this.shareGroups, true);
		}

	}

}
