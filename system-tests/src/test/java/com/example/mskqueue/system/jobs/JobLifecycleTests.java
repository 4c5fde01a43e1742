package com.example.mskqueue.system.jobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.ProducerProcess;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job lifecycle as users meet it, on a real broker with the real jars, in both
 * consumer modes one after the other on one work topic (the consumers hand over where the
 * other mode stopped), with two producer tasks behind the one work topic: a job's state
 * moves queued, started, done and both producers answer the same, also after both
 * restart; a batch cancelled mid-way ends with every job done or cancelled, never both,
 * never neither, nothing dead-lettered; a consumer started after a cancellation skips the
 * batch too; and a cross-site cancel is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobLifecycleTests {

	static final String TOPIC = "lifecycle-jobs";

	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("job-lifecycle", TestBrokerSettings.fastGroupsAndShortLocks());

	static final Map<String, String> PRODUCER_ENV = Map.of("WORK_TOPIC", TOPIC, "CONSUMER_GROUP", TOPIC + "-group",
			"LAG_INTERVAL", "1s");

	static ProducerProcess first;

	static ProducerProcess second;

	static final List<ConsumerFleet> fleets = new ArrayList<>();

	/** What each producer showed of a job, by key, before the restart. */
	static final Map<String, JsonNode> lookedUp = new HashMap<>();

	@AfterAll
	static void stopEverything() {
		fleets.forEach(ConsumerFleet::close);
		for (ProducerProcess producer : new ProducerProcess[] { first, second }) {
			if (producer != null) {
				producer.close();
			}
		}
	}

	@Test
	@Order(1)
	void groupMode() throws Exception {
		kafka.probe().createTopic(TOPIC, 3, Map.of());
		first = startProducer("producer-a");
		second = startProducer("producer-b");
		ConsumerFleet group = fleet("group", Map.of("WORKERS", "2"));
		group.start();
		kafka.awaitMembers(TOPIC, 2);

		aJobMovesFromQueuedToDoneAndBothProducersAnswerTheSame("group");
		aBatchCancelledMidWayEndsWithEveryJobDoneOrCancelled("group", group);
		group.close();
		aConsumerStartedAfterACancellationSkipsTheBatch("group", fleet("group-late", Map.of("WORKERS", "2")));
	}

	@Test
	@Order(2)
	void queueMode() throws Exception {
		fleets.forEach(ConsumerFleet::close);
		Map<String, String> queue = new HashMap<>(ConsumerFleet.QUEUE_MODE);
		queue.put("WORKERS", "2");
		ConsumerFleet fleet = fleet("queue", queue);
		aConsumerStartedAfterACancellationSkipsTheBatch("queue", fleet);
		aJobMovesFromQueuedToDoneAndBothProducersAnswerTheSame("queue");
		aBatchCancelledMidWayEndsWithEveryJobDoneOrCancelled("queue", fleet);
	}

	@Test
	@Order(3)
	void bothProducersAnswerTheSameAfterBothRestartAndRefuseACrossSiteCancel() throws Exception {
		assertThat(lookedUp).as("jobs looked up in both modes").hasSize(2);
		first.close();
		second.close();
		first = startProducer("producer-a-again");
		second = startProducer("producer-b-again");

		// Each restarted task reads the lifecycle topic again at its own pace.
		for (Map.Entry<String, JsonNode> job : lookedUp.entrySet()) {
			for (ProducerProcess producer : List.of(first, second)) {
				await().atMost(Duration.ofSeconds(60))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(producer.json("/msk-producer/jobs/" + job.getKey()))
						.isEqualTo(job.getValue()));
			}
		}

		String batch = lookedUp.values().iterator().next().path("batch").asString();
		var refused = first.post("/msk-producer/batches/" + batch + "/cancel", "",
				Map.of("Origin", "https://evil.example", "Accept", "text/html"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(kafka.probe().records(QueueTopics.controlTopicOf(TOPIC)))
			.noneMatch((record) -> record.key().equals("cancel:" + batch));
	}

	@Test
	@Order(4)
	void aRedriveInEachModeMovesEveryChosenDeadLetterBackExactlyOnceAcrossAKilledProducer() throws Exception {
		fleets.forEach(ConsumerFleet::close);
		WireMockServer receiver = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
		receiver.start();
		try {
			redriveExactlyOnce("group", Map.of(), receiver);
			Map<String, String> queue = new HashMap<>(ConsumerFleet.QUEUE_MODE);
			redriveExactlyOnce("queue", queue, receiver);
		}
		finally {
			receiver.stop();
		}
	}

	/**
	 * 25 jobs whose work fails (the receiver answers 503) and 25 values that break the
	 * contract become 50 dead letters; once the receiver is fixed, a redrive of the
	 * failed ones at 10 a second is interrupted by a SIGKILL of the producer task that
	 * runs it, which is started again.
	 */
	private void redriveExactlyOnce(String mode, Map<String, String> modeEnv, WireMockServer receiver)
			throws Exception {
		receiver.resetAll();
		receiver.stubFor(WireMock.post(WireMock.urlEqualTo("/work")).willReturn(WireMock.aResponse().withStatus(503)));
		Map<String, String> env = new HashMap<>(modeEnv);
		env.putAll(Map.of("WORKERS", "4", "TRIES", "2", "JOB_HTTP_URL", receiver.baseUrl() + "/work"));
		ConsumerFleet fleet = fleet(mode + "-http", env);
		fleet.start();
		Sent failing = send(first, 25);
		List<Map.Entry<String, byte[]>> invalid = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			invalid.add(Map.entry(mode + "-invalid-" + i, "11".getBytes(StandardCharsets.UTF_8)));
		}
		kafka.probe().send(TOPIC, null, invalid);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> deadLetters(failing.batch(), "job-failed") == 25 && deadLetters(null, "out-of-range") >= 25);

		receiver.resetAll();
		receiver.stubFor(WireMock.post(WireMock.urlEqualTo("/work")).willReturn(WireMock.aResponse().withStatus(204)));
		var asked = first.post("/msk-producer/dead-letters/redrive",
				"reason=job-failed&batch=" + failing.batch() + "&rate=10", Map.of());
		assertThat(asked.statusCode()).isEqualTo(202);
		String id = json(asked.body()).path("id").asString();
		assertThat(json(asked.body()).path("toMove").asInt()).isEqualTo(25);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> redrive(second, id).path("moved").asInt() >= 5);
		ProducerProcess runner = runnerOf(first, second);
		runner.process().kill();
		int movedAtKill = redrive((runner == first) ? second : first, id).path("moved").asInt();
		if (runner == first) {
			first = startProducer("producer-a-" + mode + "-after-kill");
		}
		else {
			second = startProducer("producer-b-" + mode + "-after-kill");
		}

		JsonNode done = await().atMost(Duration.ofSeconds(90))
			.until(() -> redrive(first, id), (status) -> "done".equals(status.path("state").asString()));
		assertThat(done.path("moved").asInt()).isEqualTo(25);
		assertThat(done.path("toMove").asInt()).isEqualTo(25);
		Map<String, Long> backOnTheTopic = kafka.probe()
			.committedRecords(TOPIC)
			.stream()
			.filter((record) -> record.headers().lastHeader(JobHeaders.REDRIVE_COUNT) != null)
			.filter((record) -> failing.keys().contains(record.key()))
			.collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::key,
					java.util.stream.Collectors.counting()));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(JobLedger.read(fleet.logs()).keys()).containsAll(failing.keys()));
		JobLedger ledger = JobLedger.read(fleet.logs());
		long doneTwice = ledger.rows()
			.stream()
			.filter((row) -> failing.keys().contains(row.key()))
			.collect(java.util.stream.Collectors.groupingBy(JobLedger.Row::key, java.util.stream.Collectors.counting()))
			.values()
			.stream()
			.filter((runs) -> runs > 1)
			.count();
		FaultReport.add(
				"R1. " + mode + " mode: redrive of 25 of 50 dead letters at 10/s, runner SIGKILLed at " + movedAtKill
						+ " moved",
				25, backOnTheTopic.size(), 25 - backOnTheTopic.size(), doneTwice, null,
				"each back " + backOnTheTopic.values().stream().distinct().toList() + " time(s)");
		assertThat(backOnTheTopic).as("each chosen dead letter back on the work topic")
			.hasSize(25)
			.allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1L));
		assertThat(doneTwice).as("redriven jobs done twice").isZero();
		assertThat(kafka.probe().records(TOPIC))
			.filteredOn((record) -> record.key() != null && record.key().startsWith(mode + "-invalid-"))
			.as("contract-breaking dead letters stay put")
			.hasSize(25);
		JsonNode refused = json(
				first.post("/msk-producer/dead-letters/redrive", "reason=out-of-range", Map.of()).body());
		assertThat(refused.path("toMove").asInt()).as("not without include_invalid").isZero();
		assertThat(first
			.post("/msk-producer/dead-letters/redrive", "reason=job-failed", Map.of("Origin", "https://evil.example"))
			.statusCode()).isEqualTo(403);
		assertThat(first
			.post("/msk-producer/dead-letters/redrives/" + id + "/cancel", "", Map.of("Sec-Fetch-Site", "cross-site"))
			.statusCode()).isEqualTo(403);
		fleet.close();
	}

	private static int deadLetters(String batch, String reason) throws Exception {
		JsonNode page = first
			.json("/msk-producer/dead-letters?reason=" + reason + ((batch != null) ? "&batch=" + batch : ""));
		return (page != null) ? page.path("deadLetters").size() : 0;
	}

	private static JsonNode redrive(ProducerProcess producer, String id) throws Exception {
		JsonNode status = producer.json("/msk-producer/dead-letters/redrives/" + id);
		return (status != null) ? status : MissingNode.getInstance();
	}

	/** The producer task that runs the redrives: the one that said so last. */
	private static ProducerProcess runnerOf(ProducerProcess... producers) throws Exception {
		ProducerProcess runner = null;
		String latest = "";
		for (ProducerProcess producer : producers) {
			for (String line : Files.readAllLines(producer.log())) {
				if (line.contains("This task runs the redrives") && line.compareTo(latest) > 0) {
					latest = line;
					runner = producer;
				}
			}
		}
		assertThat(runner).as("a producer runs the redrives").isNotNull();
		return runner;
	}

	private static JsonNode json(String body) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
	}

	private void aJobMovesFromQueuedToDoneAndBothProducersAnswerTheSame(String mode) throws Exception {
		Sent sent = send(first, 1);
		String key = sent.keys().get(0);

		JsonNode done = await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> first.json("/msk-producer/jobs/" + key),
					// The view reads the work and lifecycle topics side by side: the
					// queued step may be read a moment after the others.
					(job) -> job != null && "done".equals(job.path("state").asString())
							&& job.path("history").size() == 3);

		assertThat(done.path("batch").asString()).isEqualTo(sent.batch());
		assertThat(done.path("history").valueStream().map((step) -> step.path("state").asString())).as("%s mode", mode)
			.containsExactly("queued", "started", "done");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(second.json("/msk-producer/jobs/" + key)).isEqualTo(done));
		lookedUp.put(key, done);
	}

	private void aBatchCancelledMidWayEndsWithEveryJobDoneOrCancelled(String mode, ConsumerFleet fleet)
			throws Exception {
		Sent sent = send(first, 200);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> batch(first, sent.batch()).path("done").asInt() >= 20);

		var cancel = second.post("/msk-producer/batches/" + sent.batch() + "/cancel", "", Map.of());
		assertThat(cancel.statusCode()).isEqualTo(202);

		JsonNode batch = await().atMost(Duration.ofSeconds(60))
			.until(() -> batch(first, sent.batch()), (counts) -> "cancelled".equals(counts.path("state").asString()));
		Set<String> done = new HashSet<>(JobLedger.read(fleet.logs()).keys());
		done.retainAll(sent.keys());
		Set<String> cancelled = cancelledKeys(fleet);
		cancelled.retainAll(sent.keys());
		Set<String> both = new HashSet<>(done);
		both.retainAll(cancelled);
		Set<String> neither = new HashSet<>(sent.keys());
		neither.removeAll(done);
		neither.removeAll(cancelled);
		FaultReport.add("L2. " + mode + " mode: 200 jobs, batch cancelled after 20 done", sent.keys().size(),
				done.size() + cancelled.size(), neither.size(), both.size(), null,
				done.size() + " done, " + cancelled.size() + " cancelled");
		assertThat(both).as("done and cancelled").isEmpty();
		assertThat(neither).as("neither done nor cancelled").isEmpty();
		assertThat(done.size()).as("done before the cancel took hold").isGreaterThanOrEqualTo(20).isLessThan(200);
		assertThat(batch.path("done").asInt()).isEqualTo(done.size());
		assertThat(batch.path("cancelled").asInt()).isEqualTo(cancelled.size());
		assertThat(batch.path("deadLettered").asInt()).isZero();
		assertThat(kafka.probe().records(TOPIC + "-dlt")).noneMatch((record) -> sent.keys().contains(record.key()));
	}

	private void aConsumerStartedAfterACancellationSkipsTheBatch(String mode, ConsumerFleet late) throws Exception {
		Sent sent = send(first, 30);
		await().atMost(Duration.ofSeconds(30)).until(() -> batch(first, sent.batch()).path("sent").asInt() == 30);
		assertThat(first.post("/msk-producer/batches/" + sent.batch() + "/cancel", "", Map.of()).statusCode())
			.isEqualTo(202);

		late.start();

		JsonNode batch = await().atMost(Duration.ofSeconds(90))
			.until(() -> batch(second, sent.batch()), (counts) -> counts.path("cancelled").asInt() == 30);
		assertThat(batch.path("done").asInt()).isZero();
		assertThat(JobLedger.read(late.logs()).keys()).doesNotContainAnyElementsOf(sent.keys());
		FaultReport.add("L3. " + mode + " mode: consumer started after the cancel of 30 jobs", 30,
				batch.path("cancelled").asInt(), 0, 0, null, "none done, all cancelled");
	}

	private static JsonNode batch(ProducerProcess producer, String id) throws Exception {
		JsonNode batch = producer.json("/msk-producer/batches/" + id);
		return (batch != null) ? batch : MissingNode.getInstance();
	}

	private static Set<String> cancelledKeys(ConsumerFleet fleet) {
		Set<String> keys = new HashSet<>();
		for (Path log : fleet.logs()) {
			JobLedger.events(log, "job-cancelled")
				.forEach((event) -> keys.add(event.path("job").path("key").asString()));
		}
		return keys;
	}

	private static Sent send(ProducerProcess producer, int jobs) throws Exception {
		var response = producer.send("num=" + jobs);
		assertThat(response.statusCode()).isEqualTo(200);
		String batch = response.body()
			.lines()
			.filter((line) -> line.startsWith("Batch: "))
			.findFirst()
			.orElseThrow()
			.split(" ")[1];
		List<String> keys = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : kafka.probe().records(TOPIC)) {
			var header = record.headers().lastHeader(JobHeaders.BATCH_ID);
			if (header != null && batch.equals(new String(header.value(), StandardCharsets.UTF_8))) {
				keys.add(record.key());
			}
		}
		assertThat(keys).hasSize(jobs);
		return new Sent(batch, keys);
	}

	private static ProducerProcess startProducer(String name) throws Exception {
		return ProducerProcess.start(kafka.workDir().resolve(name + ".log"), kafka.bootstrapServers(), PRODUCER_ENV);
	}

	private static ConsumerFleet fleet(String name, Map<String, String> env) throws Exception {
		Path logs = Files.createDirectories(kafka.workDir().resolve(name));
		ConsumerFleet fleet = new ConsumerFleet(logs, kafka.bootstrapServers(), TOPIC, TOPIC + "-group", "20ms", env);
		fleets.add(fleet);
		return fleet;
	}

	private record Sent(String batch, List<String> keys) {
	}

}
