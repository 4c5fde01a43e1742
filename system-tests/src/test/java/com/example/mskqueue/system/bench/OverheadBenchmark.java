package com.example.mskqueue.system.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.LocalKafka;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;

/**
 * The cost of the consumer's machinery per job: jobs of 0 seconds (so each is one poll
 * and one synchronous commit), through the consumer jar, beside a plain
 * {@code KafkaConsumer} loop with {@code max.poll.records=1} and a {@code commitSync} per
 * record, on the same broker.
 */
final class OverheadBenchmark {

	private static final Logger log = LoggerFactory.getLogger(OverheadBenchmark.class);

	private OverheadBenchmark() {
	}

	static void run() throws Exception {
		int jobs = Integer.getInteger("overhead.jobs", 3000);
		Path dir = BenchSupport.workDir("overhead-benchmark");
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of());
				QueueProbe cluster = new QueueProbe(broker.bootstrapServers())) {
			List<Map.Entry<String, byte[]>> zeroSecondJobs = new ArrayList<>();
			for (int i = 0; i < jobs; i++) {
				zeroSecondJobs.add(Map.entry("job-" + i, "0".getBytes(StandardCharsets.UTF_8)));
			}
			cluster.createTopic("overhead-plain", 1, Map.of());
			StringBuilder table = new StringBuilder();
			double shippedRate = 0;
			for (Variant variant : Variant.values()) {
				double rate = jarRate(dir, broker, cluster, variant, zeroSecondJobs);
				shippedRate = (variant == Variant.SHIPPED) ? rate : shippedRate;
				table.append(row(variant.caption, rate));
			}
			cluster.send("overhead-plain", 0, zeroSecondJobs);
			double plainRate = plainLoop(broker.bootstrapServers(), jobs);
			table.append(row("plain `KafkaConsumer` loop (`max.poll.records=1`, `commitSync` per record)", plainRate));
			log.info("""

					Per-job overhead: {} jobs of 0 s on one partition (one poll and one synchronous commit or \
					acceptance each), consumer JVMs with the image's flags {}
					| consumer | jobs/s | per job |
					|---|---|---|
					{}| ratio (msk-consumer as shipped / plain) | {} | |
					""", jobs, BenchSupport.imageJvmOptions(), table, BenchSupport.format(shippedRate / plainRate));
		}
	}

	private static double jarRate(Path dir, LocalKafka broker, QueueProbe cluster, Variant variant,
			List<Map.Entry<String, byte[]>> jobs) throws Exception {
		String topic = "overhead-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		String group = topic + "-group";
		boolean queue = variant == Variant.QUEUE_MODE;
		cluster.createTopic(topic, 1, Map.of());
		try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), topic, group, "0ms", variant.env)
			.withJvmOptions(BenchSupport.imageJvmOptions())) {
			fleet.start();
			BenchSupport.await("member", Duration.ofMinutes(2),
					() -> JobLedger.count(fleet.logs(), "Started MskConsumerApplication") == 1
							&& (queue || cluster.membersWithPartitions(group) >= 1));
			cluster.send(topic, 0, jobs);
			Instant start = Instant.now();
			BenchSupport.await("drain", Duration.ofMinutes(10),
					() -> (queue ? cluster.shareGroupLag(group + "-queue", topic) == 0
							: BenchSupport.lagIsZero(cluster, group, topic)));
			return jobs.size() / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
		}
	}

	private static String row(String consumer, double rate) {
		return "| %s | %d | %s ms |%n".formatted(consumer, Math.round(rate), BenchSupport.format(1000.0 / rate));
	}

	/** The consumer jar as shipped, and with one part of its per-job work taken away. */
	private enum Variant {

		SHIPPED("msk-consumer jar, group mode, as shipped (JSON job events, metrics, task protection)", Map.of()),

		WITHOUT_JOB_LOGS("the same, job events off (`logging.level` of the job package at WARN)",
				Map.of("LOGGING_LEVEL_COM_EXAMPLE_MSKQUEUE_CONSUMER_JOB", "WARN")),

		WITHOUT_LIFECYCLE("the same as shipped, lifecycle recording off (`LIFECYCLE_ENABLED=false`)",
				Map.of("LIFECYCLE_ENABLED", "false")),

		QUEUE_MODE("msk-consumer jar, queue mode (share group, one acceptance per job)",
				Map.of("CONSUMER_MODE", "queue"));

		private final String caption;

		private final Map<String, String> env;

		Variant(String caption, Map<String, String> env) {
			this.caption = caption;
			this.env = env;
		}

	}

	private static double plainLoop(String bootstrap, int jobs) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.GROUP_ID_CONFIG, "overhead-plain-group", ConsumerConfig.GROUP_PROTOCOL_CONFIG,
				"consumer", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of("overhead-plain"));
			int done = 0;
			Instant start = null;
			while (done < jobs) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (start == null) {
						start = Instant.now();
					}
					consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
							new OffsetAndMetadata(record.offset() + 1)));
					done++;
				}
			}
			return (jobs - 1) / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
		}
	}

}
