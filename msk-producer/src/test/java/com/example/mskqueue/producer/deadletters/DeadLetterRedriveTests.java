package com.example.mskqueue.producer.deadletters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.JobViewTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters browsed and redriven over real HTTP on a real broker: the page lists them
 * newest first with their values shown safely; a redrive of one reason puts each chosen
 * dead letter back on the work topic once, with its key, value and headers and a redrive
 * count, records it as redriven, and leaves the rest; values that break the job contract
 * are refused unless asked for; a cross-site redrive is refused.
 */
@JobViewTest
class DeadLetterRedriveTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String DEAD_LETTERS = WorkTopics.deadLetterTopicOf(JobViewTest.TOPIC);

	@LocalServerPort
	int port;

	@BeforeAll
	static void workAndDeadLetterTopicsExist() throws Exception {
		try (Admin admin = TestBroker.admin()) {
			for (String topic : List.of(JobViewTest.TOPIC, DEAD_LETTERS)) {
				try {
					admin.createTopics(List.of(new NewTopic(topic, 5, (short) 1))).all().get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(TopicExistsException.class);
				}
			}
		}
	}

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aRedriveOfOneReasonPutsEachOfItsDeadLettersBackOnceAndLeavesTheRest() throws Exception {
		String batch = UUID.randomUUID().toString();
		List<String> failed = deadLetters(batch, "job-failed", "3", 6);
		List<String> invalid = deadLetters(batch, "out-of-range", "11", 3);
		awaitListed(batch, 9);

		HttpResponse<String> refusedInvalid = post("/msk-producer/dead-letters/redrive",
				"reason=out-of-range&batch=" + batch, Map.of());
		assertThat(refusedInvalid.statusCode()).isEqualTo(202);
		JsonNode none = json.readTree(refusedInvalid.body());
		assertThat(none.path("toMove").asInt()).isZero();
		assertThat(none.path("refused").size()).isEqualTo(3);
		assertThat(none.path("refused").get(0).path("why").asString()).startsWith("its value breaks the job contract");

		JsonNode done = redriveUntilDone("reason=job-failed&batch=" + batch + "&rate=20");
		assertThat(done.path("moved").asInt()).isEqualTo(6);
		assertThat(done.path("toMove").asInt()).isEqualTo(6);

		List<ConsumerRecord<String, byte[]>> back = committedRecords(JobViewTest.TOPIC).stream()
			.filter((record) -> failed.contains(record.key()) || invalid.contains(record.key()))
			.filter((record) -> record.headers().lastHeader(JobHeaders.REDRIVE_COUNT) != null)
			.toList();
		assertThat(back).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(failed);
		assertThat(back).allSatisfy((record) -> {
			assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("3");
			assertThat(header(record, JobHeaders.BATCH_ID)).isEqualTo(batch);
			assertThat(header(record, JobHeaders.REDRIVE_COUNT)).isEqualTo("1");
			assertThat(record.headers().lastHeader(JobHeaders.DEAD_LETTER_REASON)).isNull();
			assertThat(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)).isNull();
		});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode listed = get("/msk-producer/dead-letters?batch=" + batch);
			assertThat(listed.path("deadLetters")
				.valueStream()
				.filter((row) -> row.path("reason").asString().equals("job-failed"))
				.allMatch((row) -> row.path("redriven").asBoolean())).isTrue();
			JsonNode job = get("/msk-producer/jobs/" + failed.get(0));
			assertThat(job.path("history").valueStream().map((step) -> step.path("state").asString()))
				.containsSubsequence("redriven", "queued");
		});

		HttpResponse<String> again = post("/msk-producer/dead-letters/redrive", "reason=job-failed&batch=" + batch,
				Map.of());
		assertThat(json.readTree(again.body()).path("toMove").asInt()).as("redriven already").isZero();
	}

	/**
	 * A dead letter's time is its writer's clock and its offset the broker's order: dead
	 * letters written in one millisecond (workers failing together) share a time, and
	 * those of two tasks can carry times against their offsets. Listed by time, they are
	 * not in offset order.
	 */
	@ParameterizedTest(name = "each {0} ms earlier than the one before")
	@ValueSource(longs = { 1000, 0 })
	void deadLettersWhoseTimesDoNotFollowTheirOffsetsAreEachMovedBack(long earlierBy) throws Exception {
		String batch = UUID.randomUUID().toString();
		List<String> keys = new ArrayList<>();
		long now = System.currentTimeMillis();
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (int i = 0; i < 4; i++) {
				String key = UUID.randomUUID().toString();
				ProducerRecord<String, byte[]> job = new ProducerRecord<>(JobViewTest.TOPIC, key,
						"1".getBytes(StandardCharsets.UTF_8));
				job.headers().add(JobHeaders.BATCH_ID, batch.getBytes(StandardCharsets.UTF_8));
				RecordMetadata queued = producer.send(job).get(30, TimeUnit.SECONDS);
				ProducerRecord<String, byte[]> deadLetter = deadLetter(batch, key, "1".getBytes(StandardCharsets.UTF_8),
						"job-failed", queued.partition(), queued.offset());
				producer
					.send(new ProducerRecord<>(DEAD_LETTERS, 0, now - earlierBy * i, key, deadLetter.value(),
							deadLetter.headers()))
					.get(30, TimeUnit.SECONDS);
				keys.add(key);
			}
		}
		awaitListed(batch, 4);
		// Newest first, and of one millisecond the later offset first.
		List<String> newestFirst = new ArrayList<>(keys);
		if (earlierBy == 0) {
			Collections.reverse(newestFirst);
		}
		assertThat(get("/msk-producer/dead-letters?batch=" + batch).path("deadLetters")
			.valueStream()
			.map((row) -> row.path("key").asString())).as("the dead letters as listed")
			.containsExactlyElementsOf(newestFirst);

		JsonNode done = redriveUntilDone("reason=job-failed&batch=" + batch + "&rate=2");

		assertThat(done.path("moved").asInt()).isEqualTo(4);
		assertThat(committedRecords(JobViewTest.TOPIC).stream()
			.filter((record) -> keys.contains(record.key()))
			.filter((record) -> record.headers().lastHeader(JobHeaders.REDRIVE_COUNT) != null)
			.map(ConsumerRecord::key)).as("each dead letter back on the work topic once")
			.containsExactlyInAnyOrderElementsOf(keys);
	}

	@Test
	void theDeadLetterPageShowsValuesSafelyNewestFirst() throws Exception {
		String batch = UUID.randomUUID().toString();
		try (KafkaProducer<String, byte[]> producer = producer()) {
			send(producer, batch, "html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "not-a-number");
			send(producer, batch, "bytes", new byte[] { 'a', (byte) 0xff, (byte) 0xfe, 'b' }, "not-utf8");
		}
		awaitListed(batch, 2);

		JsonNode rows = get("/msk-producer/dead-letters?batch=" + batch).path("deadLetters");
		assertThat(rows.get(0).path("key").asString()).isEqualTo("bytes");
		assertThat(rows.get(0).path("value").asString()).isEqualTo("a\\xff\\xfeb");
		HttpResponse<String> page = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/msk-producer/dead-letters?batch=" + batch))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
	}

	@Test
	void aCrossSiteRedriveOrCancelIsRefusedAndNothingIsAsked() throws Exception {
		int before = TestBroker.records(QueueTopics.controlTopicOf(JobViewTest.TOPIC)).size();

		assertThat(post("/msk-producer/dead-letters/redrive", "reason=job-failed",
				Map.of("Origin", "https://evil.example"))
			.statusCode()).isEqualTo(403);
		assertThat(post("/msk-producer/dead-letters/redrives/x/cancel", "", Map.of("Sec-Fetch-Site", "cross-site"))
			.statusCode()).isEqualTo(403);
		assertThat(TestBroker.records(QueueTopics.controlTopicOf(JobViewTest.TOPIC))).hasSize(before);
	}

	private List<String> deadLetters(String batch, String reason, String value, int count) throws Exception {
		List<String> keys = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = producer()) {
			for (int i = 0; i < count; i++) {
				String key = UUID.randomUUID().toString();
				// Queued first, as every dead letter was: its history and the redriven
				// record's position follow from the original's.
				ProducerRecord<String, byte[]> job = new ProducerRecord<>(JobViewTest.TOPIC, key,
						value.getBytes(StandardCharsets.UTF_8));
				job.headers().add(JobHeaders.BATCH_ID, batch.getBytes(StandardCharsets.UTF_8));
				RecordMetadata queued = producer.send(job).get(30, TimeUnit.SECONDS);
				send(producer, batch, key, value.getBytes(StandardCharsets.UTF_8), reason, queued.partition(),
						queued.offset());
				keys.add(key);
			}
		}
		return keys;
	}

	/**
	 * A dead letter as a consumer writes it: the job, its headers, where it came from,
	 * why.
	 */
	private static void send(KafkaProducer<String, byte[]> producer, String batch, String key, byte[] value,
			String reason) throws Exception {
		send(producer, batch, key, value, reason, 2, 7);
	}

	private static void send(KafkaProducer<String, byte[]> producer, String batch, String key, byte[] value,
			String reason, int partition, long offset) throws Exception {
		producer.send(deadLetter(batch, key, value, reason, partition, offset)).get(30, TimeUnit.SECONDS);
	}

	private static ProducerRecord<String, byte[]> deadLetter(String batch, String key, byte[] value, String reason,
			int partition, long offset) {
		ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>(DEAD_LETTERS, key, value);
		deadLetter.headers().add(JobHeaders.BATCH_ID, batch.getBytes(StandardCharsets.UTF_8));
		deadLetter.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, JobViewTest.TOPIC.getBytes(StandardCharsets.UTF_8));
		deadLetter.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
		deadLetter.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
		deadLetter.headers().add(JobHeaders.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
		deadLetter.headers().add(JobHeaders.DELIVERY_COUNT, "4".getBytes(StandardCharsets.UTF_8));
		return deadLetter;
	}

	/** Ask for a redrive with these filters, and wait for its status to say done. */
	private JsonNode redriveUntilDone(String filters) throws Exception {
		HttpResponse<String> asked = post("/msk-producer/dead-letters/redrive", filters, Map.of());
		assertThat(asked.statusCode()).isEqualTo(202);
		String id = json.readTree(asked.body()).path("id").asString();
		return await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> get("/msk-producer/dead-letters/redrives/" + id),
					(status) -> status != null && "done".equals(status.path("state").asString()));
	}

	private void awaitListed(String batch, int count) {
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(get("/msk-producer/dead-letters?batch=" + batch).path("deadLetters").size())
				.isEqualTo(count));
	}

	/** What consumers that read committed records only (as the work consumers do) see. */
	private static List<ConsumerRecord<String, byte[]>> committedRecords(String topic) {
		Map<String, Object> config = KafkaTestUtils.consumerProps(TestBroker.bootstrapServers(), "committed-reader",
				false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	private static KafkaProducer<String, byte[]> producer() {
		Map<String, Object> config = KafkaTestUtils.producerProps(TestBroker.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(config);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? json.readTree(response.body()) : null;
	}

	private HttpResponse<String> post(String path, String form, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
