package com.example.mskqueue.system.faults;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker restarted under load, a dead-letter topic gone, and the producer facing a
 * dead broker: real broker, real jars, separate JVMs, counted like
 * {@link ConsumerFaultsTests}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFaultsTests {

	// Its folder (broker data, consumer logs) is kept when a test fails.
	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("broker-faults", TestBrokerSettings.FAST_GROUP_TIMEOUTS);

	@Test
	@Order(5)
	void everyAcknowledgedJobIsProcessedAcrossABrokerRestart() throws Exception {
		String topic = "broker-restart";
		kafka.probe().createTopic(topic, 4, Map.of());
		try (ConsumerFleet fleet = kafka.fleet(topic, "5ms", Map.of())) {
			fleet.start();
			fleet.start();
			kafka.awaitMembers(topic, 2);
			List<String> acknowledged = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceSteadily(topic, acknowledged));
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 150);

			kafka.broker().restart();

			producing.get();
			await().atMost(Duration.ofSeconds(120))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("5. broker restarted while producing and consuming", acknowledged.size(),
					ledger.rows().size(), ledger.lost(acknowledged).size(), ledger.duplicates(), null,
					"commit failures logged: " + JobLedger.count(fleet.logs(), "its commit failed"));
			assertThat(ledger.lost(acknowledged)).isEmpty();
		}
	}

	@Test
	@Order(7)
	void aJobThatCannotBeDeadLetteredIsNotCommittedAndIsDeadLetteredOnceTheTopicIsBack() throws Exception {
		String topic = "dlt-down";
		kafka.probe().createTopic(topic, 1, Map.of());
		try (ConsumerFleet fleet = kafka.fleet(topic, "1ms", Map.of())) {
			fleet.start();
			kafka.awaitMembers(topic, 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> kafka.probe().topics().contains(topic + "-dlt"));
			kafka.probe().deleteTopic(topic + "-dlt");
			await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.probe().topics().contains(topic + "-dlt"));

			List<String> acknowledged = kafka.probe()
				.send(topic, 0, List.of(Map.entry("before", bytes("1")), Map.entry("bad", bytes("abc")),
						Map.entry("after", bytes("1"))));

			await().atMost(Duration.ofSeconds(30)).until(() -> JobLedger.read(fleet.logs()).keys().contains("before"));
			await().during(Duration.ofSeconds(8))
				.atMost(Duration.ofSeconds(15))
				.until(() -> kafka.probe().lag("dlt-down-group", topic) == 2
						&& !JobLedger.read(fleet.logs()).keys().contains("after"));
			kafka.probe().createTopic(topic + "-dlt", 1, Map.of());

			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).keys().contains("after"));
			await().atMost(Duration.ofSeconds(30)).until(() -> kafka.probe().lag("dlt-down-group", topic) == 0);
			List<ConsumerRecord<String, byte[]>> deadLetters = kafka.probe().records(topic + "-dlt");
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("7. dead-letter topic missing, then created", acknowledged.size(),
					ledger.rows().size() + deadLetters.size(), 0, ledger.duplicates(), null,
					"bad job held uncommitted until the topic was back, then " + deadLetters.size() + " dead letter");
			assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactly("bad");
			assertThat(ledger.keys()).containsExactlyInAnyOrder("before", "after");
		}
	}

	@Test
	@Order(8)
	void theProducerAnswers503WithTheExactAcknowledgedCountWhenTheBrokerIsDownOrDiesMidBatch() throws Exception {
		String topic = "producer-outage";
		kafka.probe().createTopic(topic, 3, Map.of());
		try (ProducerProcess producer = ProducerProcess.start(kafka.workDir().resolve("producer.log"),
				kafka.bootstrapServers(), Map.of())) {
			CompletableFuture<HttpResponse<String>> bigBatch = producer
				.sendAsync("num=100000&topic=" + topic + "&partition_num=3");
			await().atMost(Duration.ofSeconds(60)).until(() -> endOffsets(topic) >= 2000);
			Instant killed = Instant.now();
			kafka.broker().kill();
			HttpResponse<String> midBatch = bigBatch.get();
			Duration answeredAfterKill = Duration.between(killed, Instant.now());

			Instant start = Instant.now();
			HttpResponse<String> down = producer.send("num=5&topic=" + topic + "&partition_num=3");
			Duration answeredWhileDown = Duration.between(start, Instant.now());

			kafka.broker().restart();
			long onTopic = endOffsets(topic);
			int acknowledged = acknowledgedCount(midBatch.body());
			FaultReport.add("8a. producer: broker down at POST (num=5)", 0, 0, 0, 0, null,
					"HTTP %d in %.1f s: %s".formatted(down.statusCode(), answeredWhileDown.toMillis() / 1000.0,
							down.body().lines().findFirst().orElse("")));
			FaultReport.add("8b. producer: broker SIGKILLed mid-batch (num=100000)", acknowledged, onTopic, 0, 0, null,
					"HTTP %d %.1f s after the kill; %d records on the topic after restart"
						.formatted(midBatch.statusCode(), answeredAfterKill.toMillis() / 1000.0, onTopic));
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.body()).startsWith("Kafka unavailable: 0 of 5 sent");
			assertThat(down.headers().firstValue("Retry-After")).isPresent();
			assertThat(midBatch.statusCode()).isEqualTo(503);
			assertThat(acknowledged).isPositive().isLessThan(100_000);
			assertThat(onTopic).as("every acknowledged job is on the topic, and at most the unconfirmed ones besides")
				.isBetween((long) acknowledged, (long) acknowledged + unconfirmedCount(midBatch.body()));
		}
	}

	private static int acknowledgedCount(String body) {
		Matcher matcher = Pattern.compile("Kafka unavailable: (\\d+) of (\\d+) sent").matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static int unconfirmedCount(String body) {
		Matcher matcher = Pattern.compile("(\\d+) jobs were sent but the cluster did not confirm them").matcher(body);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	private static long endOffsets(String topic) throws Exception {
		return kafka.probe().endOffsets(topic);
	}

	private static void produceSteadily(String topic, List<String> acknowledged) {
		try (KafkaProducer<String, byte[]> producer = kafka.probe().producer()) {
			for (int i = 0; i < 600; i++) {
				String key = java.util.UUID.randomUUID().toString();
				producer.send(new ProducerRecord<>(topic, key, bytes(Integer.toString(i % 11))), (metadata, ex) -> {
					if (ex == null) {
						acknowledged.add(key);
					}
				});
				Thread.sleep(20);
			}
			producer.flush();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
