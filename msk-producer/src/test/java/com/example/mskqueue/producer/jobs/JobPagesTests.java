package com.example.mskqueue.producer.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.producer.JobViewTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job and batch pages over real HTTP, reading a real broker's work, lifecycle and
 * control topics: what a job's lookup shows as its steps are recorded, what a batch
 * counts, and cancelling it.
 */
@JobViewTest
class JobPagesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String LIFECYCLE = QueueTopics.lifecycleTopicOf(JobViewTest.TOPIC);

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aJobsLookupFollowsItsStepsFromQueuedToDoneOldestFirst() throws Exception {
		Sent sent = send(3);
		String key = sent.keys().get(0);

		JsonNode queued = awaitJob(key, "queued");
		assertThat(queued.path("batch").asString()).isEqualTo(sent.batch());
		assertThat(queued.path("topic").asString()).isEqualTo(JobViewTest.TOPIC);

		ConsumerRecord<String, byte[]> record = TestBroker.records(JobViewTest.TOPIC, key).get(0);
		Instant started = Instant.now();
		record(key,
				JobEvent
					.of(JobState.STARTED, started, record.topic(), record.partition(), record.offset(), sent.batch())
					.by("consumer-1", "jobs-0-C-1", 1));
		awaitJob(key, "started");
		record(key,
				JobEvent
					.of(JobState.DONE, started.plusMillis(40), record.topic(), record.partition(), record.offset(),
							sent.batch())
					.by("consumer-1", "jobs-0-C-1", 1)
					.timed(started, 3L, 40L));

		JsonNode done = awaitJob(key, "done");
		assertThat(done.path("history").valueStream().map((step) -> step.path("state").asString()))
			.containsExactly("queued", "started", "done");
		assertThat(done.path("history").get(2).path("runMillis").asLong()).isEqualTo(40);
		assertThat(done.path("history").get(1).path("consumer").asString()).isEqualTo("consumer-1");
		HttpResponse<String> page = get("/msk-producer/jobs/" + key, "text/html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(key, "consumer-1 / jobs-0-C-1", "ran 40 ms",
				"/msk-producer/batches/" + sent.batch());
	}

	@Test
	void anUnknownKeyIsNotFoundAndAKeyThatIsNotPrintableTextIsABadRequest() throws Exception {
		HttpResponse<String> unknown = get("/msk-producer/jobs/" + UUID.randomUUID(), "application/json");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json.readTree(unknown.body()).path("message").asString()).startsWith("No such job: no job with key");

		assertThat(get("/msk-producer/jobs/bad%01key", "application/json").statusCode()).isEqualTo(400);
		HttpResponse<String> tooLong = get("/msk-producer/jobs/" + "k".repeat(257), "text/html");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("longer than 256 characters");
		assertThat(get("/msk-producer/jobs?key=", "text/html").statusCode()).isEqualTo(400);
	}

	@Test
	void theSearchBoxLeadsToTheJobsPage() throws Exception {
		Sent sent = send(1);
		awaitJob(sent.keys().get(0), "queued");

		HttpResponse<String> search = get("/msk-producer/jobs?key=" + sent.keys().get(0), "text/html");

		assertThat(search.statusCode()).isEqualTo(302);
		assertThat(search.headers().firstValue("Location")).hasValue("/msk-producer/jobs/" + sent.keys().get(0));
	}

	@Test
	void aBatchCountsItsJobsByStateAndACancelIsStoredOnTheControlTopicOnceAskedTwice() throws Exception {
		Sent sent = send(5);
		awaitBatch(sent.batch(), (batch) -> assertThat(batch.path("queued").asInt()).isEqualTo(5));
		ConsumerRecord<String, byte[]> first = TestBroker.records(JobViewTest.TOPIC, sent.keys().get(0)).get(0);
		record(sent.keys().get(0), JobEvent.of(JobState.DONE, Instant.now(), first.topic(), first.partition(),
				first.offset(), sent.batch()));

		JsonNode batch = awaitBatch(sent.batch(), (counts) -> assertThat(counts.path("done").asInt()).isEqualTo(1));
		assertThat(batch.path("sent").asInt()).isEqualTo(5);
		assertThat(batch.path("queued").asInt()).isEqualTo(4);
		assertThat(batch.path("jobs").size()).isEqualTo(5);

		HttpResponse<String> cancel = post("/msk-producer/batches/" + sent.batch() + "/cancel",
				"interrupt_running=true", Map.of());
		assertThat(cancel.statusCode()).isEqualTo(202);
		assertThat(json.readTree(cancel.body()).path("interruptRunning").asBoolean()).isTrue();
		assertThat(post("/msk-producer/batches/" + sent.batch() + "/cancel", "", Map.of()).statusCode()).isEqualTo(202);

		List<ConsumerRecord<String, byte[]>> control = TestBroker.records(QueueTopics.controlTopicOf(JobViewTest.TOPIC),
				"cancel:" + sent.batch());
		assertThat(control).hasSize(2);
		assertThat(BatchCancellation.of(control.get(0).key(), control.get(0).value()).orElseThrow().interruptRunning())
			.isTrue();
		awaitBatch(sent.batch(), (counts) -> assertThat(counts.path("cancellation").isObject()).isTrue());
		assertThat(get("/msk-producer/batches/" + sent.batch(), "text/html").body()).contains("Cancelled at");
	}

	@Test
	void cancellingAnUnknownBatchIsNotFoundAndNothingIsWritten() throws Exception {
		String batch = UUID.randomUUID().toString();

		assertThat(post("/msk-producer/batches/" + batch + "/cancel", "", Map.of()).statusCode()).isEqualTo(404);
		assertThat(TestBroker.records(QueueTopics.controlTopicOf(JobViewTest.TOPIC), "cancel:" + batch)).isEmpty();
	}

	@Test
	void aBrowsersCrossSiteCancelIsRefusedAndASameSiteOneComesBackToTheBatchPage() throws Exception {
		Sent sent = send(1);
		awaitBatch(sent.batch(), (batch) -> assertThat(batch.path("sent").asInt()).isEqualTo(1));
		String path = "/msk-producer/batches/" + sent.batch() + "/cancel";

		HttpResponse<String> fromOrigin = post(path, "",
				Map.of("Origin", "http://evil.example", "Accept", "text/html"));
		HttpResponse<String> fromFetch = post(path, "", Map.of("Sec-Fetch-Site", "cross-site"));
		HttpResponse<String> fromSameSite = post(path, "", Map.of("Sec-Fetch-Site", "same-site"));

		assertThat(fromOrigin.statusCode()).isEqualTo(403);
		assertThat(fromOrigin.body()).startsWith("Refused: nothing was changed").contains("evil.example");
		assertThat(fromFetch.statusCode()).isEqualTo(403);
		assertThat(fromSameSite.statusCode()).isEqualTo(403);
		assertThat(TestBroker.records(QueueTopics.controlTopicOf(JobViewTest.TOPIC), "cancel:" + sent.batch()))
			.isEmpty();

		HttpResponse<String> ownPage = post(path, "", Map.of("Origin", "http://localhost:" + this.port,
				"Sec-Fetch-Site", "same-origin", "Accept", "text/html"));
		assertThat(ownPage.statusCode()).isEqualTo(302);
		assertThat(ownPage.headers().firstValue("Location")).hasValue("/msk-producer/batches/" + sent.batch());
	}

	private Sent send(int jobs) throws Exception {
		HttpResponse<String> response = post("/msk-producer-send", "num=" + jobs, Map.of());
		assertThat(response.statusCode()).isEqualTo(200);
		String batch = response.body()
			.lines()
			.filter((line) -> line.startsWith("Batch: "))
			.findFirst()
			.orElseThrow()
			.split(" ")[1];
		List<String> keys = TestBroker.records(JobViewTest.TOPIC)
			.stream()
			.filter((record) -> batch
				.equals(new String(record.headers().lastHeader("batch-id").value(), StandardCharsets.UTF_8)))
			.map(ConsumerRecord::key)
			.toList();
		assertThat(keys).hasSize(jobs);
		return new Sent(batch, keys);
	}

	private JsonNode awaitJob(String key, String state) {
		return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			HttpResponse<String> response = get("/msk-producer/jobs/" + key, "application/json");
			return (response.statusCode() == 200) ? json.readTree(response.body()) : null;
		}, (job) -> job != null && state.equals(job.path("state").asString()));
	}

	private JsonNode awaitBatch(String id, java.util.function.Consumer<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			HttpResponse<String> response = get("/msk-producer/batches/" + id, "application/json");
			assertThat(response.statusCode()).isEqualTo(200);
			last[0] = json.readTree(response.body());
			condition.accept(last[0]);
		});
		return last[0];
	}

	private static void record(String key, JobEvent step) throws Exception {
		Map<String, Object> config = KafkaTestUtils.producerProps(TestBroker.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(LIFECYCLE, key, JobEvents.toJson(step))).get(30, TimeUnit.SECONDS);
		}
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private record Sent(String batch, List<String> keys) {
	}

}
