package com.example.mskqueue.system.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.KafkaBroker;
import com.example.mskqueue.local.KafkaCluster;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * What the benchmarks share: a broker of their own on free ports, seeded jobs, waiting,
 * and formatting.
 */
final class BenchSupport {

	private BenchSupport() {
	}

	/**
	 * A broker of the benchmark's own on free ports, or a cluster like MSK's with
	 * {@code -Dbrokers=3}.
	 */
	static LocalKafka broker(Path dir, Map<String, String> overrides) throws IOException, InterruptedException {
		int brokers = Integer.getInteger("brokers", 1);
		if (brokers > 1) {
			return KafkaCluster.start(dir.resolve("kafka-cluster"), brokers, overrides);
		}
		return KafkaBroker.start(KafkaBroker.Settings.onFreePorts(dir.resolve("kafka")).with(overrides));
	}

	/** How the brokers ran, for the tables' captions. */
	static String brokersCaption() {
		int brokers = Integer.getInteger("brokers", 1);
		return (brokers > 1) ? brokers + " brokers (replication factor 3, min.insync.replicas 2)" : "one broker";
	}

	static Path workDir(String name) throws IOException {
		return Files.createTempDirectory(name);
	}

	/** Seeded random jobs: a UUID key and 0..10 seconds, like the producer's. */
	static List<Map.Entry<String, byte[]>> jobs(int count, long seed) {
		Random random = new Random(seed);
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			jobs.add(Map.entry(new UUID(random.nextLong(), random.nextLong()).toString(),
					Integer.toString(random.nextInt(11)).getBytes(StandardCharsets.UTF_8)));
		}
		return jobs;
	}

	static int seconds(Map.Entry<String, byte[]> job) {
		return Integer.parseInt(new String(job.getValue(), StandardCharsets.UTF_8));
	}

	static void await(String what, Duration atMost, BooleanSupplier condition) {
		Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
	}

	static boolean lagIsZero(QueueProbe cluster, String group, String topic) {
		try {
			return cluster.lag(group, topic) == 0;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Wait until {@code url} answers 200, failing at once if {@code process} exits first.
	 */
	static void awaitHttpOk(JavaProcess process, String url) {
		HttpClient client = HttpClient.newHttpClient();
		await(url, Duration.ofMinutes(2), () -> {
			if (!process.isAlive()) {
				throw new IllegalStateException(process.name() + " exited before " + url + " answered");
			}
			try {
				return client
					.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
	}

	static double standardDeviation(List<Long> values) {
		double mean = values.stream().mapToLong(Long::longValue).average().orElse(0);
		return Math.sqrt(values.stream().mapToDouble((value) -> (value - mean) * (value - mean)).sum() / values.size());
	}

	static String format(double value) {
		return String.format(java.util.Locale.ROOT, "%.2f", value);
	}

	static String secondsOf(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * The image's JVM flags (docker/Dockerfile) in a task of {@code -Dtask.memory} (512m,
	 * the consumer's task size in the CDK stack).
	 */
	static List<String> imageJvmOptions() {
		return imageJvmOptions(System.getProperty("task.memory", "512m"));
	}

	/**
	 * The image's JVM flags in a task of this memory ({@code -XX:MaxRAM} stands in for
	 * the task's cgroup limit).
	 */
	static List<String> imageJvmOptions(String taskMemory) {
		return List.of("-XX:MaxRAM=" + taskMemory, "-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=25",
				"-XX:+ExitOnOutOfMemoryError");
	}

}
