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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * Jobs per second through {@code POST /msk-producer-send} for a large {@code num}, beside
 * Kafka's own {@code ProducerPerformance} on the same broker with records of the same
 * size and {@code acks=all}, in one run.
 */
final class ThroughputBenchmark {

	private static final Logger log = LoggerFactory.getLogger(ThroughputBenchmark.class);

	/** A job: a 36-character UUID key and a one- or two-digit value. */
	static final int RECORD_SIZE = 38;

	private ThroughputBenchmark() {
	}

	static void run() throws Exception {
		int jobs = Integer.getInteger("post.jobs", 100_000);
		Path dir = BenchSupport.workDir("throughput-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			cluster.createTopic("throughput-form", 5, Map.of());
			cluster.createTopic("throughput-perf", 5, Map.of());
			int port = FreePorts.next();
			double formRate;
			try (JavaProcess producer = JavaProcess.start("msk-producer", List.of("-Xmx512m"),
					List.of("-jar", System.getProperty("producer.jar"), "--server.port=" + port),
					Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), dir.resolve("producer.log"))) {
				BenchSupport.awaitHttpOk(producer, "http://localhost:" + port + "/msk-producer-healthCheck");
				post(port, 1000, "throughput-warmup");
				Instant start = Instant.now();
				HttpResponse<String> response = post(port, jobs, "throughput-form");
				Duration took = Duration.between(start, Instant.now());
				if (!response.body().startsWith("Messages sent: " + jobs)) {
					throw new IllegalStateException("The producer answered: " + response.body());
				}
				formRate = jobs / (took.toMillis() / 1000.0);
			}
			double perfRate = producerPerformance(broker, dir, jobs);
			log.info("""

					Producer throughput: {} jobs, {}-byte records, acks=all, idempotent, 5 partitions, one broker
					| path | jobs/s |
					|---|---|
					| POST /msk-producer-send (HTTP, UUID keys, waits for every ack) | {} |
					| kafka ProducerPerformance (--record-size {}, --throughput -1) | {} |
					| ratio (form / ProducerPerformance) | {} |
					""", jobs, RECORD_SIZE, Math.round(formRate), RECORD_SIZE, Math.round(perfRate),
					BenchSupport.format(formRate / perfRate));
		}
	}

	private static HttpResponse<String> post(int port, int jobs, String topic) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/msk-producer-send"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("num=" + jobs + "&topic=" + topic + "&partition_num=5"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static double producerPerformance(LocalKafka broker, Path dir, int jobs) throws Exception {
		Path output = dir.resolve("producer-performance.out");
		JavaProcess perf = JavaProcess.start("producer-performance",
				List.of("-Xmx512m", "-cp", JavaProcess.currentClassPath()),
				List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", "throughput-perf", "--num-records",
						Integer.toString(jobs), "--record-size", Integer.toString(RECORD_SIZE), "--throughput", "-1",
						"--producer-props", "bootstrap.servers=" + broker.bootstrapServers(), "acks=all",
						"enable.idempotence=true", "linger.ms=5"),
				Map.of(), output);
		perf.process().waitFor();
		Matcher matcher = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec")
			.matcher(Files.readString(output));
		String last = null;
		while (matcher.find()) {
			last = matcher.group(2);
		}
		if (last == null) {
			throw new IllegalStateException("ProducerPerformance printed no summary: " + Files.readString(output));
		}
		return Double.parseDouble(last);
	}

}
