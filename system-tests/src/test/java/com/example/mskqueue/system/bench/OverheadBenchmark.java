package com.example.mskqueue.system.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
		try (LocalKafka broker = BenchSupport.broker(dir, Map.of())) {
			QueueProbe cluster = new QueueProbe(broker.bootstrapServers());
			List<Map.Entry<String, byte[]>> zeroSecondJobs = new ArrayList<>();
			for (int i = 0; i < jobs; i++) {
				zeroSecondJobs.add(Map.entry("job-" + i, "0".getBytes(StandardCharsets.UTF_8)));
			}
			cluster.createTopic("overhead-app", 1, Map.of());
			cluster.createTopic("overhead-plain", 1, Map.of());
			double appRate;
			try (ConsumerFleet fleet = new ConsumerFleet(dir, broker.bootstrapServers(), "overhead-app",
					"overhead-app-group", "0ms", Map.of())) {
				fleet.start();
				BenchSupport.await("member", Duration.ofMinutes(2),
						() -> cluster.membersWithPartitions("overhead-app-group") >= 1);
				cluster.send("overhead-app", 0, zeroSecondJobs);
				Instant start = Instant.now();
				BenchSupport.await("drain", Duration.ofMinutes(10),
						() -> BenchSupport.lagIsZero(cluster, "overhead-app-group", "overhead-app"));
				appRate = jobs / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
			}
			cluster.send("overhead-plain", 0, zeroSecondJobs);
			double plainRate = plainLoop(broker.bootstrapServers(), jobs);
			log.info("""

					Per-job overhead: {} jobs of 0 s on one partition (one poll and one synchronous commit each)
					| consumer | jobs/s |
					|---|---|
					| msk-consumer jar (Spring listener, manual_immediate ack, logging, dead-letter handler) | {} |
					| plain KafkaConsumer loop (max.poll.records=1, commitSync per record) | {} |
					| ratio (msk-consumer / plain) | {} |
					""", jobs, Math.round(appRate), Math.round(plainRate), BenchSupport.format(appRate / plainRate));
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
