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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.QueueProbe;
import com.example.mskqueue.system.fleet.ServiceJar;

/**
 * Resident memory (RSS) and heap of the producer and the consumer under each load the
 * services meet, with the image's JVM flags ({@code -XX:MaxRAMPercentage=75}, the AOT
 * cache) in a task of {@code -Dtask.memory} ({@code -XX:MaxRAM} stands in for the cgroup
 * limit, which the JVM reads the same way): idle; one 100,000-job POST; 32 concurrent
 * 5,000-job POSTs; poison records of 1 MB dead-lettered; one record of the largest size a
 * dead letter may have (8 MiB). The figures choose the Fargate task sizes in the CDK app.
 * <p>
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=memory}
 */
public final class MemoryBenchmark {

	private static final Logger log = LoggerFactory.getLogger(MemoryBenchmark.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private MemoryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String producerMemory = System.getProperty("producer.memory", "1g");
		String consumerMemory = System.getProperty("consumer.memory", "512m");
		Path dir = BenchSupport.workDir("memory-benchmark");
		StringBuilder table = new StringBuilder("""
				| service (task memory) | load | RSS | heap used | heap max |
				|---|---|---|---|---|
				""");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of("message.max.bytes", "9437184"));
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			cluster.createTopic("memory-jobs", 5, Map.of());
			// The producer's loads go to a topic of their own: the consumer's are
			// measured apart.
			cluster.createTopic("memory-posts", 5, Map.of());
			cluster.createTopic("memory-jobs-dlt", 5,
					Map.of("max.message.bytes", Integer.toString(WorkTopics.DEAD_LETTER_MAX_BYTES + 65536)));
			Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "WORK_TOPIC",
					"memory-jobs", "WORK_UNIT", "0ms", "MAX_JOBS_PER_REQUEST", "100000");
			int consumerPort = FreePorts.next();
			int producerPort = FreePorts.next();
			try (JavaProcess consumer = JavaProcess.start("msk-consumer",
					ServiceJar.consumer().command(BenchSupport.imageJvmOptions(consumerMemory)),
					List.of("--server.port=" + consumerPort), env, dir.resolve("consumer.log"));
					ProcessMemory consumerRss = new ProcessMemory(consumer.pid());
					JavaProcess producer = JavaProcess.start("msk-producer",
							ServiceJar.producer().command(BenchSupport.imageJvmOptions(producerMemory)),
							List.of("--server.port=" + producerPort), env, dir.resolve("producer.log"));
					ProcessMemory producerRss = new ProcessMemory(producer.pid())) {
				String consumerUrl = "http://localhost:" + consumerPort;
				String producerUrl = "http://localhost:" + producerPort;
				BenchSupport.awaitHttpOk(consumer, consumerUrl + "/actuator/health");
				BenchSupport.awaitHttpOk(producer, producerUrl + "/msk-producer-healthCheck");
				Thread.sleep(5_000);
				String producerName = "msk-producer (" + producerMemory + ")";
				String consumerName = "msk-consumer (" + consumerMemory + ")";
				table.append(row(producerName, "idle", producerRss.currentMiB(), producerUrl));
				table.append(row(consumerName, "idle", consumerRss.currentMiB(), consumerUrl));

				producerRss.resetPeak();
				consumerRss.resetPeak();
				Instant start = Instant.now();
				String oneBig = post(producerUrl, 100_000).join();
				table.append(row(producerName,
						"one POST of 100,000 jobs (%s, %s)".formatted(firstLine(oneBig),
								BenchSupport.secondsOf(Duration.between(start, Instant.now()))),
						producerRss.peakMiB(), producerUrl));

				producerRss.resetPeak();
				start = Instant.now();
				List<CompletableFuture<String>> answers = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					answers.add(post(producerUrl, 5_000));
				}
				long accepted = answers.stream()
					.map(CompletableFuture::join)
					.filter((answer) -> answer.startsWith("Messages sent: 5000"))
					.count();
				table.append(row(producerName,
						"32 concurrent POSTs of 5,000 jobs (%d of 32 answered 200, %s)".formatted(accepted,
								BenchSupport.secondsOf(Duration.between(start, Instant.now()))),
						producerRss.peakMiB(), producerUrl));

				consumerRss.resetPeak();
				cluster.send("memory-jobs", null,
						BenchSupport.jobs(20_000, 7)
							.stream()
							.map((job) -> Map.entry(job.getKey(), "0".getBytes(StandardCharsets.UTF_8)))
							.toList());
				BenchSupport.await("backlog drained", Duration.ofMinutes(10),
						() -> BenchSupport.lagIsZero(cluster, "msk-consumer", "memory-jobs"));
				table.append(row(consumerName, "20,000 jobs of 0 s back to back", consumerRss.peakMiB(), consumerUrl));

				consumerRss.resetPeak();
				List<Map.Entry<String, byte[]>> poison = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					poison.add(Map.entry("one-megabyte-" + i, new byte[1024 * 1024]));
				}
				cluster.send("memory-jobs", 0, poison);
				BenchSupport.await("dead letters", Duration.ofMinutes(2),
						() -> BenchSupport.lagIsZero(cluster, "msk-consumer", "memory-jobs"));
				table.append(row(consumerName, "20 poison records of 1 MB, dead-lettered", consumerRss.peakMiB(),
						consumerUrl));

				consumerRss.resetPeak();
				byte[] largest = new byte[WorkTopics.DEAD_LETTER_MAX_BYTES - 64 * 1024];
				Arrays.fill(largest, (byte) 'x');
				cluster.send("memory-jobs", 0, List.of(Map.entry("largest", largest)));
				BenchSupport.await("largest dead letter", Duration.ofMinutes(2),
						() -> BenchSupport.lagIsZero(cluster, "msk-consumer", "memory-jobs"));
				table.append(
						row(consumerName, "one poison record of %d KiB, dead-lettered".formatted(largest.length / 1024),
								consumerRss.peakMiB(), consumerUrl));
			}
		}
		log.info(
				"\n\nMemory under load, {} ({}), flags -XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25, AOT cache\n{}",
				BenchSupport.brokersCaption(), Runtime.version(), table);
	}

	private static CompletableFuture<String> post(String producerUrl, int jobs) {
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create(producerUrl + "/msk-producer-send"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.timeout(Duration.ofMinutes(5))
				.POST(HttpRequest.BodyPublishers.ofString("num=" + jobs + "&topic=memory-posts",
						StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString())
			.thenApply(HttpResponse::body);
	}

	private static String firstLine(String text) {
		return text.lines().findFirst().orElse("");
	}

	private static String row(String service, String load, long rssMiB, String baseUrl) throws Exception {
		return "| %s | %s | %d MiB | %s MiB | %s MiB |%n".formatted(service, load, rssMiB,
				heapMiB(baseUrl, "jvm.memory.used"), heapMiB(baseUrl, "jvm.memory.max"));
	}

	/** Heap figures from Actuator's metrics (area:heap). */
	private static long heapMiB(String baseUrl, String metric) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/metrics/" + metric + "?tag=area:heap"))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode value = json.readTree(response.body()).path("measurements").path(0).path("value");
		return (long) (value.asDouble() / (1024 * 1024));
	}

}
