package com.example.mskqueue.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.contract.ConsumerMode;

import static org.awaitility.Awaitility.await;

/**
 * The README's run command: a real Kafka broker, the producer and the consumer on this
 * machine, without Docker. It shows their logs and stops them all on Ctrl-C.
 * <p>
 * Settings come from system properties set by the {@code run-local} Maven profile:
 * {@code producer.jar}, {@code consumer.jar} and {@code local.data.dir}; with
 * {@code local.brokers=3} it starts a three-broker cluster like MSK's instead of the
 * single broker. The broker's data survives restarts and rebuilds; delete the data folder
 * for a fresh broker.
 */
public final class LocalStack {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	static final int KAFKA_PORT = 9092;

	static final int CONTROLLER_PORT = 9093;

	static final int CONSUMER_PORT = 8081;

	static final int PRODUCER_PORT = 8082;

	/**
	 * C1 only: a local run's services sleep through jobs and serve a few pages, and each
	 * starts on about 60% of the CPU (measured: the consumer 16 s -> 9.3 s of CPU, ready
	 * in 7.5 s instead of 10 s on 2 cores). The images keep the JVM's defaults.
	 */
	static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	private final List<JavaProcess> services = new ArrayList<>();

	private KafkaBroker broker;

	private KafkaCluster cluster;

	private final CountDownLatch stopped = new CountDownLatch(1);

	public static void main(String[] args) throws Exception {
		LocalStack stack = new LocalStack();
		Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "local-stack-shutdown"));
		try {
			stack.run(Path.of(required("producer.jar")), Path.of(required("consumer.jar")),
					Path.of(required("local.data.dir")));
		}
		catch (IllegalStateException ex) {
			log.error(ex.getMessage());
			System.exit(1);
		}
	}

	private void run(Path producerJar, Path consumerJar, Path dataDir) throws Exception {
		for (Path jar : List.of(producerJar, consumerJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: build it first (the README's run command does)");
			}
		}
		for (int port : List.of(PRODUCER_PORT, CONSUMER_PORT)) {
			if (KafkaNode.isListening(port)) {
				throw new IllegalStateException("Port " + port + " is already in use; stop what listens there "
						+ "(an earlier run of the producer or consumer?) and try again");
			}
		}
		String bootstrap = startOrReuseBroker(dataDir.toAbsolutePath().normalize());
		Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
		this.services.add(JavaProcess.start("msk-consumer", SERVICE_JVM_OPTIONS,
				List.of("-jar", consumerJar.toString()), env, null));
		this.services.add(JavaProcess.start("msk-producer", SERVICE_JVM_OPTIONS,
				List.of("-jar", producerJar.toString()), env, null));
		awaitHttp("http://localhost:" + CONSUMER_PORT + "/actuator/health");
		awaitHttp("http://localhost:" + PRODUCER_PORT + "/msk-producer-healthCheck");
		// The services inherit CONSUMER_MODE.
		ConsumerMode mode = ConsumerMode
			.valueOf(Optional.ofNullable(System.getenv("CONSUMER_MODE")).orElse("group").toUpperCase(Locale.ROOT));
		log.info("""

				  Ready ({}). Open the form:   http://localhost:{}/msk-producer
				  or send jobs with curl:  curl -d num=5 http://localhost:{}/msk-producer-send
				  Queue status: http://localhost:{}/msk-producer/status
				  Kafka: {}    Consumer health: http://localhost:{}/actuator/health
				  Press Ctrl-C to stop everything.
				""", (mode == ConsumerMode.QUEUE) ? "queue mode: a share group" : "group mode: a consumer group",
				PRODUCER_PORT, PRODUCER_PORT, PRODUCER_PORT, bootstrap, CONSUMER_PORT);
		watchForExits();
	}

	private String startOrReuseBroker(Path dataDir) throws IOException, InterruptedException {
		int brokers = Integer.getInteger("local.brokers", 1);
		if (brokers > 1) {
			log.info(
					"Starting a Kafka cluster like MSK's: a KRaft controller and {} brokers (replication factor {}, "
							+ "min.insync.replicas {}) with their data in {}",
					brokers, KafkaCluster.REPLICATION_FACTOR, KafkaCluster.MIN_INSYNC_REPLICAS,
					dataDir.resolve("cluster"));
			this.cluster = KafkaCluster.start(dataDir.resolve("cluster"), brokers, Map.of());
			return this.cluster.bootstrapServers();
		}
		if (KafkaNode.isListening(KAFKA_PORT)) {
			Optional<String> clusterId = KafkaNode.clusterIdAt("127.0.0.1:" + KAFKA_PORT);
			if (clusterId.isEmpty()) {
				throw new IllegalStateException("Port " + KAFKA_PORT + " is taken by something that is not a Kafka "
						+ "broker; free the port and try again");
			}
			log.warn("Port {} is already taken by a Kafka broker (cluster id {}): using it instead of starting one. "
					+ "Stop it first if you want the local broker in {}", KAFKA_PORT, clusterId.get(), dataDir);
			return "localhost:" + KAFKA_PORT;
		}
		log.info("Starting a Kafka broker (KRaft, single node) with its data in {}", dataDir);
		this.broker = KafkaBroker.start(KafkaBroker.Settings.of(dataDir, KAFKA_PORT, CONTROLLER_PORT));
		return "localhost:" + KAFKA_PORT;
	}

	private void awaitHttp(String url) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		try {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
				for (JavaProcess service : this.services) {
					if (!service.isAlive()) {
						throw new IllegalStateException(service.name() + " exited during startup; see its log above");
					}
				}
				try {
					return client
						.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(url + " did not answer within 2 minutes", ex);
		}
	}

	private void watchForExits() throws InterruptedException {
		while (this.stopped.getCount() > 0) {
			for (JavaProcess service : this.services) {
				if (!service.isAlive()) {
					log.error("{} exited with code {}; stopping the rest", service.name(),
							service.process().exitValue());
					stopAll();
					System.exit(1);
				}
			}
			if (this.broker != null && !this.broker.isAlive()) {
				log.error("The Kafka broker exited; see {}", this.broker.logFile());
				stopAll();
				System.exit(1);
			}
			this.stopped.await(1, TimeUnit.SECONDS);
		}
	}

	/**
	 * Services first, so that the consumer can commit and leave its group while Kafka
	 * still runs.
	 */
	private synchronized void stopAll() {
		if (this.stopped.getCount() == 0) {
			return;
		}
		this.stopped.countDown();
		try {
			for (JavaProcess service : this.services) {
				if (service.isAlive()) {
					log.info("Stopping {}", service.name());
					service.process().destroy();
				}
			}
			for (JavaProcess service : this.services) {
				service.stop(40);
			}
			if (this.broker != null) {
				log.info("Stopping the Kafka broker");
				this.broker.stop();
			}
			if (this.cluster != null) {
				log.info("Stopping the Kafka cluster");
				this.cluster.close();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null) {
			throw new IllegalStateException(
					"System property " + property + " is not set; use the README's run command");
		}
		return value;
	}

}
