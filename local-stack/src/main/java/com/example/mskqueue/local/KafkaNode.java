package com.example.mskqueue.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * One Apache Kafka KRaft node (broker, controller or both) run as a child JVM from the
 * Kafka jars on this module's class path. Its storage is formatted once, with share
 * groups enabled or not; later starts reuse it. It can be stopped cleanly, killed and
 * started again on the same data and ports.
 */
public final class KafkaNode implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final String ADDRESS_IN_USE = "Address already in use";

	private final String name;

	private final Path dataDir;

	private final Map<String, String> config;

	private final String clusterId;

	private final boolean shareGroups;

	/** Its JVM's options; with its class path, they name its AOT cache. */
	private final List<String> jvmOptions;

	private final KafkaAotCache aotCache;

	private final Integer clientPort;

	private final int controllerPort;

	private JavaProcess process;

	private KafkaAotCache.Use aotUse = KafkaAotCache.Use.NONE;

	/**
	 * A node, not started yet.
	 * @param name its name in logs ({@code kafka}, {@code broker-2}, ...)
	 * @param dataDir its folder: configuration, log segments and its own log file
	 * @param config its {@code server.properties}
	 * @param clusterId the id its storage is formatted with (the same for every node of a
	 * cluster)
	 * @param shareGroups whether its storage is formatted with {@code share.version=1}
	 * @param heap its maximum heap, such as {@code 512m}
	 * @param clientPort the port clients connect to, or {@code null} for a controller
	 * only
	 * @param controllerPort the port of its controller listener, or of the quorum it
	 * talks to
	 */
	KafkaNode(String name, Path dataDir, Map<String, String> config, String clusterId, boolean shareGroups, String heap,
			Integer clientPort, int controllerPort) {
		this.name = name;
		this.dataDir = dataDir;
		this.config = Map.copyOf(config);
		this.clusterId = clusterId;
		this.shareGroups = shareGroups;
		// A local broker's load is light: C1 alone starts it sooner and spends far less
		// CPU on compiling, which a laptop (or CI) shares with the services and the
		// tests.
		this.jvmOptions = List.of("-Xms128m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
		// Jars only, as an AOT cache needs: the log configuration is a file of its own.
		this.aotCache = KafkaAotCache.of(this.jvmOptions, KafkaNodeClassPath.current());
		this.clientPort = clientPort;
		this.controllerPort = controllerPort;
	}

	public String name() {
		return this.name;
	}

	/** Its node id ({@code node.id}). */
	public int id() {
		return Integer.parseInt(this.config.get("node.id"));
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.clientPort;
	}

	public Path logFile() {
		return this.dataDir.resolve("broker.log");
	}

	/** Its process id, for measurements from outside (CPU, JMX). */
	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** Format its storage if needed, start it and wait until it answers. */
	public void start() throws IOException, InterruptedException {
		launch();
		awaitReady();
	}

	/** Start all of them at once, then wait until each answers. */
	static void startAll(List<KafkaNode> nodes) throws IOException, InterruptedException {
		for (KafkaNode node : nodes) {
			node.launch();
		}
		for (KafkaNode node : nodes) {
			node.awaitReady();
		}
	}

	private void launch() throws IOException, InterruptedException {
		Files.createDirectories(this.dataDir);
		Path configFile = writeConfig();
		formatStorageIfNeeded(configFile);
		List<String> logging = logging();
		this.aotUse = this.aotCache.use();
		List<String> jvmArgs = new ArrayList<>(this.jvmOptions);
		jvmArgs.addAll(this.aotUse.jvmOptions());
		jvmArgs.addAll(logging);
		jvmArgs.addAll(List.of("-cp", KafkaNodeClassPath.current()));
		// Detached from the terminal: on Ctrl-C the broker must outlive the consumer,
		// which commits its last job and leaves the group on the way out.
		this.process = JavaProcess.start(this.name, JavaProcess.detachedFromTerminal(), jvmArgs,
				List.of("kafka.Kafka", configFile.toString()), Map.of(), this.dataDir.resolve("broker.out"));
	}

	/** Stop it cleanly (controlled shutdown: its partitions' leadership moves first). */
	public void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			int exitCode = this.process.stop(60);
			// 143: the JVM's exit on SIGTERM once its shutdown hooks have run.
			finishAotCache(exitCode == 0 || exitCode == 143);
		}
	}

	/** Kill it at once (SIGKILL), as a crash would. */
	public void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.kill();
			finishAotCache(false);
		}
	}

	private void finishAotCache(boolean stoppedCleanly) {
		this.aotCache.finish(this.aotUse, stoppedCleanly);
		this.aotUse = KafkaAotCache.Use.NONE;
	}

	/** Stop it if it runs, and start it again on the same data and ports. */
	public void restart() throws IOException, InterruptedException {
		stop();
		start();
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

	private Path writeConfig() throws IOException {
		Path file = this.dataDir.resolve("server.properties");
		Properties properties = new Properties();
		properties.putAll(this.config);
		properties.put("log.dirs", this.dataDir.resolve("data").toAbsolutePath().toString());
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			properties.store(writer, "Written by local-stack's KafkaNode at every start");
		}
		return file;
	}

	/**
	 * The system properties of the broker's logging: this module's log configuration,
	 * written to the node's folder, and its log file.
	 */
	private List<String> logging() throws IOException {
		Path file = this.dataDir.resolve("log4j2.xml");
		try (InputStream in = KafkaNode.class.getResourceAsStream("/kafka-broker-log4j2.xml")) {
			if (in == null) {
				throw new IllegalStateException("kafka-broker-log4j2.xml is missing from the class path");
			}
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		return List.of("-Dlog4j2.configurationFile=" + file.toAbsolutePath(),
				"-Dkafka.broker.log=" + logFile().toAbsolutePath());
	}

	/**
	 * Formats the node's storage with Kafka's storage tool, in this JVM: a JVM of its own
	 * for it cost each start about 3 s of CPU.
	 */
	private void formatStorageIfNeeded(Path configFile) throws IOException {
		if (Files.exists(this.dataDir.resolve("data").resolve("meta.properties"))) {
			return;
		}
		Path output = this.dataDir.resolve("format.out");
		String[] arguments = { "format", "-t", this.clusterId, "-c", configFile.toString(), "--feature",
				"share.version=" + (this.shareGroups ? 1 : 0) };
		int exitCode;
		try (PrintStream out = new PrintStream(Files.newOutputStream(output), true, StandardCharsets.UTF_8)) {
			try {
				exitCode = StorageTool.execute(arguments, out);
			}
			catch (RuntimeException ex) {
				out.println(ex);
				exitCode = -1;
			}
		}
		if (exitCode != 0) {
			throw new IllegalStateException("Formatting the storage of Kafka " + this.name + " failed; its output:\n"
					+ Files.readString(output));
		}
	}

	private void awaitReady() throws InterruptedException {
		try {
			awaitAnswer();
		}
		catch (IllegalStateException ex) {
			// A start that failed records no cache: let a later start record it (the
			// broker launcher starts again on other ports after a taken one).
			finishAotCache(false);
			throw ex;
		}
		log.info("Kafka {} ready on {} (pid {}, data in {})", this.name,
				(this.clientPort != null) ? bootstrapServers() : "its controller port", this.process.pid(),
				this.dataDir);
	}

	private void awaitAnswer() throws InterruptedException {
		try {
			await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!this.process.isAlive()) {
					throw exitedDuringStartup();
				}
				return (this.clientPort != null) ? clusterIdAt(bootstrapServers()).isPresent()
						: isListening(this.controllerPort);
			});
		}
		catch (ConditionTimeoutException ex) {
			this.process.kill();
			throw new IllegalStateException(
					"Kafka " + this.name + " did not answer within " + STARTUP_TIMEOUT + "; see " + logFile(), ex);
		}
	}

	private StartFailedException exitedDuringStartup() throws IOException {
		Path output = this.dataDir.resolve("broker.out");
		// Searched in full: when the JVM records its AOT cache on the way out, the
		// recording's own output pushes Kafka's error out of the tail.
		boolean portTaken = contains(output, ADDRESS_IN_USE) || contains(logFile(), ADDRESS_IN_USE);
		return new StartFailedException("Kafka " + this.name + " exited with code " + this.process.process().exitValue()
				+ " during startup" + (portTaken ? " (" + ADDRESS_IN_USE + ")" : "") + "; see " + logFile()
				+ ". Last output:\n" + tail(output), portTaken);
	}

	private static boolean contains(Path file, String text) throws IOException {
		return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
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

	/** The node's JVM exited before it answered. */
	static final class StartFailedException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		private final boolean portTaken;

		StartFailedException(String message, boolean portTaken) {
			super(message);
			this.portTaken = portTaken;
		}

		/** Whether it exited because a port it was to listen on was taken. */
		boolean portTaken() {
			return this.portTaken;
		}

	}

}
