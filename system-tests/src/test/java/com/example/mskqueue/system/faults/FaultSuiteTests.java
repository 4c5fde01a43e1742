package com.example.mskqueue.system.faults;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.example.mskqueue.local.KafkaBroker;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.QueueProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer and producer under kills, freezes, broker restarts, poison and outages
 * (scaling storms are in {@link ScaleStormTests}): real broker, real jars, separate JVMs.
 * Each case counts {@code lost = acknowledged keys -
 * processed keys} and {@code duplicates = processed rows - distinct keys} from the
 * consumers' "Job done" lines, and prints them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTests {

	/**
	 * Short group timeouts so that a dead or frozen member is noticed in seconds, not 45
	 * s.
	 */
	static final Map<String, String> FAST_GROUP_TIMEOUTS = Map.of("group.consumer.session.timeout.ms", "6000",
			"group.consumer.min.session.timeout.ms", "6000", "group.consumer.heartbeat.interval.ms", "1000",
			"group.consumer.min.heartbeat.interval.ms", "1000");

	@TempDir
	static Path workDir;

	static KafkaBroker broker;

	static QueueProbe cluster;

	@BeforeAll
	static void startBroker() throws Exception {
		broker = KafkaBroker
			.start(KafkaBroker.Settings.onFreePorts(workDir.resolve("kafka")).with(FAST_GROUP_TIMEOUTS));
		cluster = new QueueProbe(broker.bootstrapServers());
	}

	@AfterAll
	static void stopBroker() throws Exception {
		FaultReport.print("fault-suite");
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	@Order(1)
	void sigkillOfOneOfThreeConsumersDuringABacklogLosesNothing() throws Exception {
		String topic = "kill-backlog";
		cluster.createTopic(topic, 6, Map.of());
		try (ConsumerFleet fleet = fleet(topic, "5ms", Map.of())) {
			List<ConsumerFleet.Member> members = List.of(fleet.start(), fleet.start(), fleet.start());
			awaitMembers(topic, 3);
			List<String> acknowledged = cluster.sendJobs(topic, 1000);
			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).rows().size() >= 250);

			members.get(0).kill();

			await().atMost(Duration.ofSeconds(120))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("1. SIGKILL 1 of 3 consumers, 1,000-job backlog", acknowledged.size(), ledger.rows().size(),
					ledger.lost(acknowledged).size(), ledger.duplicates(), null,
					"jobs per process " + ledger.jobsPerProcess());
			assertThat(ledger.lost(acknowledged)).isEmpty();
			assertThat(ledger.duplicates()).as("duplicates: at most the one job in flight at the kill")
				.isLessThanOrEqualTo(1);
		}
	}

	@Test
	@Order(2)
	void sigtermMidJobFinishesAndCommitsTheJobInHandWithinTheStopBudget() throws Exception {
		String topic = "term-midjob";
		cluster.createTopic(topic, 1, Map.of());
		try (ConsumerFleet fleet = fleet(topic, "1s", Map.of())) {
			ConsumerFleet.Member first = fleet.start();
			awaitMembers(topic, 1);
			List<String> acknowledged = cluster.send(topic, 0,
					List.of(Map.entry("ten-second-job", bytes("10")), Map.entry("next-job", bytes("1"))));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> JobLedger.count(fleet.logs(), "Job started key=ten-second-job") == 1);

			Duration shutdown = first.terminate();

			assertThat(JobLedger.read(fleet.logs()).keys()).containsExactly("ten-second-job");
			assertThat(cluster.lag("term-midjob-group", topic)).as("only the next job is left").isEqualTo(1);
			fleet.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> JobLedger.read(fleet.logs()).keys().containsAll(acknowledged));
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("2. SIGTERM mid-job (10 s job, WORK_UNIT=1s)", acknowledged.size(), ledger.rows().size(),
					ledger.lost(acknowledged).size(), ledger.duplicates(), shutdown,
					"exit code " + first.process().process().exitValue());
			assertThat(ledger.duplicates()).isZero();
			assertThat(shutdown).as("stop budget: 10 s job + 10 s").isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	@Order(4)
	void aConsumerFrozenBeyondItsSessionTimeoutRecoversByItselfWhenResumed() throws Exception {
		String topic = "frozen";
		cluster.createTopic(topic, 4, Map.of());
		try (ConsumerFleet fleet = fleet(topic, "10ms", Map.of())) {
			ConsumerFleet.Member frozen = fleet.start();
			fleet.start();
			awaitMembers(topic, 2);
			List<String> acknowledged = cluster.sendJobs(topic, 800);
			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).rows().size() >= 100);

			frozen.freeze();
			// Frozen until the group has given up on it (past its 6 s session timeout).
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> cluster.groupMembers("frozen-group") == 1);
			int doneBeforeResume = JobLedger.read(fleet.logs()).doneBy(frozen.name()).size();
			frozen.resume();

			await().atMost(Duration.ofSeconds(120))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			int doneAfterResume = ledger.doneBy(frozen.name()).size() - doneBeforeResume;
			FaultReport.add("4. SIGSTOP 10 s (session timeout 6 s), then SIGCONT", acknowledged.size(),
					ledger.rows().size(), ledger.lost(acknowledged).size(), ledger.duplicates(), null,
					"jobs done by the frozen consumer after resuming: " + doneAfterResume);
			assertThat(ledger.lost(acknowledged)).isEmpty();
			assertThat(ledger.duplicates()).isLessThanOrEqualTo(1);
			assertThat(doneAfterResume).as("the resumed consumer works again").isPositive();
			assertThat(frozen.process().isAlive()).isTrue();
		}
	}

	@Test
	@Order(5)
	void everyAcknowledgedJobIsProcessedAcrossABrokerRestart() throws Exception {
		String topic = "broker-restart";
		cluster.createTopic(topic, 4, Map.of());
		try (ConsumerFleet fleet = fleet(topic, "5ms", Map.of())) {
			fleet.start();
			fleet.start();
			awaitMembers(topic, 2);
			List<String> acknowledged = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceSteadily(topic, acknowledged));
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 150);

			broker.restart();

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
	@Order(6)
	void poisonIsDeadLetteredOnceWithItsOriginalBytesAndNeverAgainAfterARestart() throws Exception {
		String topic = "poison";
		Map<String, String> roomForOneMegabyte = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
				Integer.toString(2 * 1024 * 1024));
		cluster.createTopic(topic, 2, roomForOneMegabyte);
		Map<String, byte[]> poison = new LinkedHashMap<>();
		poison.put("text", bytes("abc"));
		poison.put("negative", bytes("-1"));
		poison.put("too-large", bytes("11"));
		poison.put("exponent", bytes("1e9"));
		poison.put("empty", new byte[0]);
		poison.put("null", null);
		poison.put("not-utf8", new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF });
		poison.put("one-megabyte", new byte[1024 * 1024]);
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		List<String> good = new ArrayList<>();
		for (Map.Entry<String, byte[]> bad : poison.entrySet()) {
			for (int i = 0; i < 3; i++) {
				String key = "good-" + bad.getKey() + "-" + i;
				good.add(key);
				jobs.add(Map.entry(key, bytes(Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)))));
			}
			jobs.add(bad);
		}
		try (ConsumerFleet fleet = fleet(topic, "1ms", Map.of())) {
			ConsumerFleet.Member first = fleet.start();
			awaitMembers(topic, 1);
			List<String> acknowledged = cluster.send(topic, null, jobs);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> JobLedger.read(fleet.logs()).keys().containsAll(good)
						&& cluster.records(topic + "-dlt").size() >= poison.size());
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.lag("poison-group", topic) == 0);

			first.terminate();
			fleet.start();
			awaitMembers(topic, 1);
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> cluster.records(topic + "-dlt").size() == poison.size());

			List<ConsumerRecord<String, byte[]>> deadLetters = cluster.records(topic + "-dlt");
			assertThat(deadLetters).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrderElementsOf(poison.keySet());
			assertThat(deadLetters).allSatisfy((deadLetter) -> {
				assertThat(deadLetter.value()).isEqualTo(poison.get(deadLetter.key()));
				assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value())
					.asString(StandardCharsets.UTF_8)
					.isEqualTo("com.example.mskqueue.contract.InvalidValueException");
				assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-topic").value())
					.asString(StandardCharsets.UTF_8)
					.isEqualTo(topic);
			});
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("6. poison matrix (8 kinds incl. null, non-UTF-8, 1 MB) among 24 good jobs",
					acknowledged.size(), ledger.rows().size() + deadLetters.size(), ledger.lost(good).size(),
					ledger.duplicates(), null, deadLetters.size() + " dead letters, unchanged after a restart");
			assertThat(ledger.lost(good)).isEmpty();
			assertThat(ledger.duplicates()).isZero();
		}
	}

	@Test
	@Order(7)
	void aJobThatCannotBeDeadLetteredIsNotCommittedAndIsDeadLetteredOnceTheTopicIsBack() throws Exception {
		String topic = "dlt-down";
		cluster.createTopic(topic, 1, Map.of());
		try (ConsumerFleet fleet = fleet(topic, "1ms", Map.of())) {
			fleet.start();
			awaitMembers(topic, 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.topics().contains(topic + "-dlt"));
			cluster.deleteTopic(topic + "-dlt");
			await().atMost(Duration.ofSeconds(30)).until(() -> !cluster.topics().contains(topic + "-dlt"));

			List<String> acknowledged = cluster.send(topic, 0, List.of(Map.entry("before", bytes("1")),
					Map.entry("bad", bytes("abc")), Map.entry("after", bytes("1"))));

			await().atMost(Duration.ofSeconds(30)).until(() -> JobLedger.read(fleet.logs()).keys().contains("before"));
			await().during(Duration.ofSeconds(8))
				.atMost(Duration.ofSeconds(15))
				.until(() -> cluster.lag("dlt-down-group", topic) == 2
						&& !JobLedger.read(fleet.logs()).keys().contains("after"));
			cluster.createTopic(topic + "-dlt", 1, Map.of());

			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).keys().contains("after"));
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.lag("dlt-down-group", topic) == 0);
			List<ConsumerRecord<String, byte[]>> deadLetters = cluster.records(topic + "-dlt");
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
		cluster.createTopic(topic, 3, Map.of());
		try (ProducerProcess producer = ProducerProcess.start(workDir.resolve("producer.log"),
				broker.bootstrapServers(), Map.of())) {
			CompletableFuture<HttpResponse<String>> bigBatch = producer
				.sendAsync("num=100000&topic=" + topic + "&partition_num=3");
			await().atMost(Duration.ofSeconds(60)).until(() -> endOffsets(topic) >= 2000);
			Instant killed = Instant.now();
			broker.kill();
			HttpResponse<String> midBatch = bigBatch.get();
			Duration answeredAfterKill = Duration.between(killed, Instant.now());

			Instant start = Instant.now();
			HttpResponse<String> down = producer.send("num=5&topic=" + topic + "&partition_num=3");
			Duration answeredWhileDown = Duration.between(start, Instant.now());

			broker.restart();
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
		return cluster.endOffsets(topic);
	}

	private static void produceSteadily(String topic, List<String> acknowledged) {
		try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
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

	private static ConsumerFleet fleet(String topic, String workUnit, Map<String, String> env) {
		return new ConsumerFleet(workDir, broker.bootstrapServers(), topic, topic + "-group", workUnit, env);
	}

	private static void awaitMembers(String topic, int members) {
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> cluster.membersWithPartitions(topic + "-group") >= members);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
