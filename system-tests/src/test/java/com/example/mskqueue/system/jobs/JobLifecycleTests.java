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

		for (Map.Entry<String, JsonNode> job : lookedUp.entrySet()) {
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(
						() -> assertThat(first.json("/msk-producer/jobs/" + job.getKey())).isEqualTo(job.getValue()));
			assertThat(second.json("/msk-producer/jobs/" + job.getKey())).isEqualTo(job.getValue());
		}

		String batch = lookedUp.values().iterator().next().path("batch").asString();
		var refused = first.post("/msk-producer/batches/" + batch + "/cancel", "",
				Map.of("Origin", "https://evil.example", "Accept", "text/html"));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(kafka.probe().records(QueueTopics.controlTopicOf(TOPIC)))
			.noneMatch((record) -> record.key().equals("cancel:" + batch));
	}

	private void aJobMovesFromQueuedToDoneAndBothProducersAnswerTheSame(String mode) throws Exception {
		Sent sent = send(first, 1);
		String key = sent.keys().get(0);

		JsonNode done = await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> first.json("/msk-producer/jobs/" + key),
					(job) -> job != null && "done".equals(job.path("state").asString()));

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
