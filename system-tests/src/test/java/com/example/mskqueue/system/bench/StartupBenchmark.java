package com.example.mskqueue.system.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;
import com.example.mskqueue.system.fleet.ServiceJar;

/**
 * Time to the first job: from a consumer process's start to its first job started (a job
 * waiting for a new group), and from a producer process's start to its first 200, side by
 * side in one run, for each way of starting the JVM: the plain jar ({@code java -jar}),
 * the image's way (extracted jar and an AOT cache recorded by a training run, Java 25),
 * and that plus lazy initialization (the producer only: the consumer's start-up work,
 * topic checks and group set-up, must run before it takes jobs). The JVM flags are the
 * image's ({@code -XX:MaxRAMPercentage=75}), in a task of {@code -Dtask.memory} (1g).
 * <p>
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=startup}
 */
final class StartupBenchmark {

	private static final Logger log = LoggerFactory.getLogger(StartupBenchmark.class);

	private static final int RUNS = 3;

	private StartupBenchmark() {
	}

	static void run() throws Exception {
		String taskMemory = System.getProperty("task.memory", "1g");
		List<String> image = BenchSupport.imageJvmOptions(taskMemory);
		Path dir = BenchSupport.workDir("startup-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			StringBuilder table = new StringBuilder("""
					| service | started as | first run | median of %d | what is measured |
					|---|---|---|---|---|
					""".formatted(RUNS));
			for (Variant variant : Variant.values()) {
				List<Duration> consumer = new ArrayList<>();
				List<Duration> producer = new ArrayList<>();
				for (int run = 0; run < RUNS; run++) {
					if (!variant.lazy()) {
						consumer.add(consumerToFirstJob(dir, broker, cluster, variant, image, run));
					}
					producer.add(producerToFirst200(dir, broker, variant, image, run));
				}
				if (!consumer.isEmpty()) {
					table.append(row("msk-consumer", variant, consumer, "process start to its first job started"));
				}
				table.append(row("msk-producer", variant, producer, "process start to its form answering 200"));
			}
			log.info("\n\nTime to the first job, {} ({}), task memory {}\n{}", BenchSupport.brokersCaption(),
					Runtime.version(), taskMemory, table);
		}
	}

	private static Duration consumerToFirstJob(Path dir, LocalKafka broker, QueueProbe cluster, Variant variant,
			List<String> image, int run) throws Exception {
		String topic = "startup-" + variant.name().toLowerCase() + "-" + run;
		cluster.createTopic(topic, 1, Map.of());
		cluster.send(topic, 0, List.of(Map.entry("waiting-job", "0".getBytes(StandardCharsets.UTF_8))));
		Path logFile = dir.resolve(topic + "-consumer.log");
		Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "WORK_TOPIC", topic,
				"CONSUMER_GROUP", topic + "-group", "WORK_UNIT", "0ms", "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		// The command first: on its first use it records the AOT cache, which is the
		// image build's work, not the start's.
		List<String> command = variant.command(ServiceJar.consumer(), image);
		Instant start = Instant.now();
		try (JavaProcess consumer = JavaProcess.start("msk-consumer", command, List.of("--server.port=0"), env,
				logFile)) {
			BenchSupport.await("first job", Duration.ofMinutes(2), () -> {
				if (!consumer.isAlive()) {
					throw new IllegalStateException("The consumer exited; see " + logFile);
				}
				return !JobLedger.events(logFile, "job-started").isEmpty();
			});
			Instant firstJob = JobLedger.starts(List.of(logFile)).get(0).time();
			return Duration.between(start, firstJob);
		}
	}

	private static Duration producerToFirst200(Path dir, LocalKafka broker, Variant variant, List<String> image,
			int run) throws Exception {
		int port = FreePorts.next();
		Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
		List<String> command = variant.command(ServiceJar.producer(), image);
		Instant start = Instant.now();
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
		URI form = URI.create("http://127.0.0.1:" + port + "/msk-producer");
		try (JavaProcess producer = JavaProcess.start("msk-producer", command, List.of("--server.port=" + port), env,
				dir.resolve("producer-" + variant + "-" + run + ".log"))) {
			while (Duration.between(start, Instant.now()).compareTo(Duration.ofMinutes(2)) < 0) {
				if (!producer.isAlive()) {
					throw new IllegalStateException("The producer exited before answering");
				}
				try {
					if (http.send(HttpRequest.newBuilder(form).build(), HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
						return Duration.between(start, Instant.now());
					}
				}
				catch (java.io.IOException ex) {
					// not listening yet
				}
				Thread.sleep(20);
			}
			throw new IllegalStateException("The producer did not answer 200 within 2 minutes");
		}
	}

	private static String row(String service, Variant variant, List<Duration> runs, String what) {
		List<Duration> sorted = runs.stream().sorted().toList();
		return "| %s | %s | %s | %s | %s |%n".formatted(service, variant.caption, BenchSupport.secondsOf(runs.get(0)),
				BenchSupport.secondsOf(sorted.get(sorted.size() / 2)), what);
	}

	private enum Variant {

		PLAIN_JAR("`java -jar` (the image before)"),

		AOT_CACHE("extracted jar + AOT cache (the image now)"),

		PLAIN_JAR_LAZY("`java -jar`, `spring.main.lazy-initialization=true`"),

		AOT_CACHE_LAZY("AOT cache + lazy initialization");

		private final String caption;

		Variant(String caption) {
			this.caption = caption;
		}

		boolean lazy() {
			return this == PLAIN_JAR_LAZY || this == AOT_CACHE_LAZY;
		}

		List<String> command(ServiceJar jar, List<String> image) {
			// The cache is recorded with the image's flags, as the Dockerfile records it.
			List<String> command = new ArrayList<>((this == AOT_CACHE || this == AOT_CACHE_LAZY) ? jar.command(image)
					: concat(image, List.of("-jar", jar.jar().toString())));
			if (lazy()) {
				command.add(command.indexOf("-jar"), "-Dspring.main.lazy-initialization=true");
			}
			return command;
		}

		private static List<String> concat(List<String> first, List<String> second) {
			List<String> all = new ArrayList<>(first);
			all.addAll(second);
			return all;
		}

	}

}
