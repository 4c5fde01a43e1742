package com.example.mskqueue.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller),
 * run as a child JVM from the Kafka jars on this module's class path. Its storage is
 * formatted once, with share groups enabled ({@code share.version=1}); later starts reuse
 * it.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final Settings settings;

	private JavaProcess process;

	private KafkaBroker(Settings settings) {
		this.settings = settings;
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
	 */
	public record Settings(Path dataDir, int port, int controllerPort, Map<String, String> overrides, String heap,
			boolean shareGroups) {

		public static Settings of(Path dataDir, int port, int controllerPort) {
			return new Settings(dataDir, port, controllerPort, Map.of(), "512m", true);
		}

		public Settings with(Map<String, String> moreOverrides) {
			Map<String, String> all = new LinkedHashMap<>(this.overrides);
			all.putAll(moreOverrides);
			return new Settings(this.dataDir, this.port, this.controllerPort, all, this.heap, this.shareGroups);
		}

		public Settings withoutShareGroups() {
			return new Settings(this.dataDir, this.port, this.controllerPort, this.overrides, this.heap, false);
		}

	}

	/** Format its storage if needed, start it and wait until it answers clients. */
	public static KafkaBroker start(Settings settings) throws IOException, InterruptedException {
		KafkaBroker broker = new KafkaBroker(settings);
		broker.startProcess();
		return broker;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.settings.port();
	}

	public Path logFile() {
		return this.settings.dataDir().resolve("broker.log");
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** Stop it cleanly (controlled shutdown). */
	public void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.stop(60);
		}
	}

	/** Kill it at once, as a crash would. */
	public void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.kill();
		}
	}

	/**
	 * Start it again on the same data and ports, after {@link #stop()} or
	 * {@link #kill()}.
	 */
	public void restart() throws IOException, InterruptedException {
		stop();
		startProcess();
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private void startProcess() throws IOException, InterruptedException {
		Files.createDirectories(this.settings.dataDir());
		Path config = writeConfig();
		formatStorageIfNeeded(config);
		List<String> jvmArgs = new ArrayList<>(
				List.of("-Xms128m", "-Xmx" + this.settings.heap(), "-Dlog4j2.configurationFile=kafka-broker-log4j2.xml",
						"-Dkafka.broker.log=" + logFile().toAbsolutePath()));
		jvmArgs.addAll(List.of("-cp", JavaProcess.currentClassPath()));
		// Detached from the terminal: on Ctrl-C the broker must outlive the consumer,
		// which commits
		// its last job and leaves the group on the way out.
		this.process = JavaProcess.start("kafka", JavaProcess.detachedFromTerminal(), jvmArgs,
				List.of("kafka.Kafka", config.toString()), Map.of(), this.settings.dataDir().resolve("broker.out"));
		awaitReady();
		log.info("Kafka broker ready on {} (pid {}, data in {})", bootstrapServers(), this.process.pid(),
				this.settings.dataDir());
	}

	private Path writeConfig() throws IOException {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("process.roles", "broker,controller");
		config.put("node.id", "1");
		config.put("controller.quorum.voters", "1@127.0.0.1:" + this.settings.controllerPort());
		config.put("listeners", "PLAINTEXT://127.0.0.1:" + this.settings.port() + ",CONTROLLER://127.0.0.1:"
				+ this.settings.controllerPort());
		config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.settings.port());
		config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		config.put("controller.listener.names", "CONTROLLER");
		config.put("inter.broker.listener.name", "PLAINTEXT");
		config.put("log.dirs", this.settings.dataDir().resolve("data").toAbsolutePath().toString());
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
		config.putAll(this.settings.overrides());
		Path file = this.settings.dataDir().resolve("server.properties");
		Properties properties = new Properties();
		properties.putAll(config);
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			properties.store(writer, "Written by local-stack's KafkaBroker at every start");
		}
		return file;
	}

	private void formatStorageIfNeeded(Path config) throws IOException, InterruptedException {
		if (Files.exists(this.settings.dataDir().resolve("data").resolve("meta.properties"))) {
			return;
		}
		Path output = this.settings.dataDir().resolve("format.out");
		JavaProcess format = JavaProcess.start("kafka-storage-format",
				List.of("-Dlog4j2.configurationFile=kafka-broker-log4j2.xml",
						"-Dkafka.broker.log=" + logFile().toAbsolutePath(), "-cp", JavaProcess.currentClassPath()),
				List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
						config.toString(), "--feature", "share.version=" + (this.settings.shareGroups() ? 1 : 0)),
				Map.of(), output);
		if (!format.process().waitFor(60, TimeUnit.SECONDS) || format.process().exitValue() != 0) {
			format.kill();
			throw new IllegalStateException(
					"Formatting the broker's storage failed; its output:\n" + Files.readString(output));
		}
	}

	private void awaitReady() throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The Kafka broker exited with code "
						+ this.process.process().exitValue() + " during startup; see " + logFile() + ". Last output:\n"
						+ tail(this.settings.dataDir().resolve("broker.out")));
			}
			if (clusterIdAt(bootstrapServers()).isPresent()) {
				return;
			}
			Thread.sleep(200);
		}
		this.process.kill();
		throw new IllegalStateException(
				"The Kafka broker did not answer within " + STARTUP_TIMEOUT + "; see " + logFile());
	}

	/**
	 * The cluster id of the Kafka broker at {@code bootstrapServers}, or empty when
	 * nothing there answers as a Kafka broker within a few seconds.
	 */
	public static Optional<String> clusterIdAt(String bootstrapServers) {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				2000);
		try (Admin admin = Admin.create(config)) {
			return Optional.of(admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS));
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

	/** Whether something accepts TCP connections on the loopback port. */
	public static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String tail(Path file) throws IOException {
		if (!Files.exists(file)) {
			return "";
		}
		try (InputStream in = Files.newInputStream(file)) {
			byte[] all = in.readAllBytes();
			int from = Math.max(0, all.length - 4000);
			return new String(all, from, all.length - from, StandardCharsets.UTF_8);
		}
	}

}
