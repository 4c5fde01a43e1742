package com.example.mskqueue.system.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.KafkaBroker;

/**
 * Start-up time and resident memory of the producer and the consumer under load, with the
 * container flags of {@code docker/Dockerfile} ({@code -XX:MaxRAMPercentage=75}) and the
 * memory of an ECS task ({@code -XX:MaxRAM} stands in for the cgroup limit, which the JVM
 * reads the same way).
 * <p>
 * Run:
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=memory}
 */
public final class MemoryBenchmark {

	private static final Logger log = LoggerFactory.getLogger(MemoryBenchmark.class);

	private MemoryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String taskMemory = System.getProperty("task.memory", "1g");
		int jobs = Integer.getInteger("post.jobs", 100_000);
		Path workDir = Files.createTempDirectory("memory-benchmark");
		List<String> jvm = List.of("-XX:MaxRAM=" + taskMemory, "-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=25",
				"-XX:+ExitOnOutOfMemoryError");
		int consumerPort = FreePorts.next();
		int producerPort = FreePorts.next();
		try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.onFreePorts(workDir.resolve("kafka")))) {
			Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "WORK_TOPIC",
					"memory-jobs", "WORK_UNIT", "0ms", "MAX_JOBS_PER_REQUEST", Integer.toString(jobs));
			Instant consumerStart = Instant.now();
			try (JavaProcess consumer = JavaProcess.start("msk-consumer", jvm,
					List.of("-jar", System.getProperty("consumer.jar"), "--server.port=" + consumerPort), env,
					workDir.resolve("consumer.log"));
					ProcessMemory consumerMemory = new ProcessMemory(consumer.pid())) {
				Duration consumerStartup = awaitOk("http://localhost:" + consumerPort + "/actuator/health",
						consumerStart);
				Instant producerStart = Instant.now();
				try (JavaProcess producer = JavaProcess.start("msk-producer", jvm,
						List.of("-jar", System.getProperty("producer.jar"), "--server.port=" + producerPort), env,
						workDir.resolve("producer.log"));
						ProcessMemory producerMemory = new ProcessMemory(producer.pid())) {
					Duration producerStartup = awaitOk("http://localhost:" + producerPort + "/msk-producer-healthCheck",
							producerStart);
					long producerIdle = producerMemory.currentMiB();
					long consumerIdle = consumerMemory.currentMiB();
					Instant sendStart = Instant.now();
					HttpResponse<String> response = HttpClient.newHttpClient()
						.send(HttpRequest
							.newBuilder(URI.create("http://localhost:" + producerPort + "/msk-producer-send"))
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers
								.ofString("num=" + jobs + "&topic=memory-jobs&partition_num=5"))
							.build(), HttpResponse.BodyHandlers.ofString());
					Duration send = Duration.between(sendStart, Instant.now());
					// Let the consumer work through the backlog for a while (0-second
					// jobs: commit-bound).
					Thread.sleep(30_000);
					log.info("""

							Memory and start-up (task memory {}, -XX:MaxRAMPercentage=75, {} jobs of 0 s)
							| service | start-up | RSS idle | RSS peak under load |
							|---|---|---|---|
							| msk-producer | {} s | {} MiB | {} MiB (one POST of {} jobs: {}, {} s) |
							| msk-consumer | {} s | {} MiB | {} MiB (30 s of back-to-back jobs) |
							""", taskMemory, jobs, seconds(producerStartup), producerIdle, producerMemory.peakMiB(),
							jobs, response.body().lines().findFirst().orElse(""), seconds(send),
							seconds(consumerStartup), consumerIdle, consumerMemory.peakMiB());
				}
			}
		}
	}

	static String seconds(Duration duration) {
		return "%.1f".formatted(duration.toMillis() / 1000.0);
	}

	static Duration awaitOk(String url, Instant since) throws InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		while (Duration.between(since, Instant.now()).compareTo(Duration.ofMinutes(2)) < 0) {
			try {
				if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return Duration.between(since, Instant.now());
				}
			}
			catch (java.io.IOException ex) {
				// not up yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException(url + " did not answer within 2 minutes");
	}

}
