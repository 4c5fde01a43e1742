package com.example.mskqueue.producer.web;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.example.mskqueue.contract.ContractCases;
import com.example.mskqueue.contract.ContractCases.Case;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobValue;
import com.example.mskqueue.producer.Http;
import com.example.mskqueue.producer.ProducerTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The form over real HTTP on a real broker: jobs as the contract writes them, topics
 * created with their dead-letter twin, and every refused request refused before anything
 * is created or sent.
 */
@ProducerTest
@ExtendWith(OutputCaptureExtension.class)
class SendJobsEndToEndTests {

	@LocalServerPort
	int port;

	@Test
	void sendsOneRecordPerJobWithAUuidKeyAContractValueAndTheBatchId() {
		EntityExchangeResult<String> response = post(form("num", "20", "topic", "twenty-jobs", "partition_num", "4"));

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(response.getResponseBody()).startsWith("Messages sent: 20\n").contains("created with 4 partitions");
		List<ConsumerRecord<String, byte[]>> records = TestBroker.records("twenty-jobs");
		assertThat(records).hasSize(20).allSatisfy((record) -> {
			assertThat(UUID.fromString(record.key())).hasToString(record.key());
			assertThat(JobValue.seconds(record.value())).isBetween(0, 10);
			assertThat(record.headers().lastHeader(JobHeaders.BATCH_ID)).isNotNull();
		});
		assertThat(records.stream().map(ConsumerRecord::key).distinct()).hasSize(20);
	}

	@Test
	void createsANewTopicAndItsDeadLetterTopicWithTheRequestedPartitions() throws Exception {
		post(form("num", "1", "topic", "seven-partitions", "partition_num", "7"));

		assertThat(TestBroker.partitionCount("seven-partitions")).isEqualTo(7);
		assertThat(TestBroker.partitionCount("seven-partitions-dlt")).isEqualTo(7);
	}

	/**
	 * The first batches race the new partition's creation on its leader: one refused
	 * there while later ones land first was then refused for ever as out of sequence, and
	 * the request answered 503 after the delivery timeout.
	 */
	@Test
	void aLargeBatchToATopicTheFormHasJustCreatedIsSentWhole() {
		for (int i = 0; i < 8; i++) {
			String topic = "just-created-" + i;

			EntityExchangeResult<String> response = post(form("num", "3000", "topic", topic, "partition_num", "1"));

			assertThat(response.getStatus().value()).as("%s: %s", topic, response.getResponseBody()).isEqualTo(200);
			assertThat(TestBroker.records(topic)).as(topic).hasSize(3000);
		}
	}

	@Test
	void statesTheRealPartitionCountWhenTheTopicAlreadyExists() {
		post(form("num", "1", "topic", "existing-topic", "partition_num", "3"));

		EntityExchangeResult<String> response = post(form("num", "2", "topic", "existing-topic", "partition_num", "9"));

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(response.getResponseBody()).startsWith("Messages sent: 2\n")
			.contains("existing topic with 3 partitions; partition_num=9 applies only to new topics");
	}

	@Test
	void leavesExistingWorkAndDeadLetterTopicsWithFewerPartitionsThanItsDefaultAsTheyAre() throws Exception {
		try (var admin = TestBroker.admin()) {
			admin
				.createTopics(List.of(new NewTopic("one-partition", 1, (short) 1),
						new NewTopic("one-partition-dlt", 1, (short) 1)))
				.all()
				.get();
		}

		EntityExchangeResult<String> response = post(form("num", "3", "topic", "one-partition"));

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(TestBroker.partitionCount("one-partition")).isEqualTo(1);
		assertThat(TestBroker.partitionCount("one-partition-dlt")).isEqualTo(1);
		assertThat(TestBroker.records("one-partition")).hasSize(3);
	}

	static Stream<Case> refusedNumbers() {
		return ContractCases.refusedByTheForm().stream();
	}

	@ParameterizedTest(name = "num {0}")
	@MethodSource("refusedNumbers")
	void everyNumberTheContractRefusesIs400NamingTheRuleAndCreatesAndSendsNothing(Case value) throws Exception {
		String topic = "refused-" + value.name();
		MultiValueMap<String, String> form = form("topic", topic);
		if (value.text() != null) {
			form.add("num", value.text());
		}

		EntityExchangeResult<String> response = post(form);

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseBody()).startsWith("Nothing was sent\n")
			.contains(value.formRule().description());
		assertThat(TestBroker.topicNames()).doesNotContain(topic, topic + "-dlt");
	}

	@ParameterizedTest
	@ValueSource(ints = { 246, 247, 248, 249 })
	void aTopicWhoseDeadLetterTwinWouldBeTooLongIs400AndNothingIsCreated(int length) throws Exception {
		Set<String> before = TestBroker.topicNames();
		String topic = "t".repeat(length);

		EntityExchangeResult<String> response = post(form("num", "1", "topic", topic));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseBody()).contains("topic must be 1 to 245 characters");
		assertThat(TestBroker.topicNames()).isEqualTo(before);
	}

	@Test
	void aTopicThatCollidesWithAnExistingOneByDotAndUnderscoreIs400NamingIt() throws Exception {
		try (var admin = TestBroker.admin()) {
			admin.createTopics(List.of(new NewTopic("x.y", 1, (short) 1))).all().get();
		}
		Set<String> before = TestBroker.topicNames();

		EntityExchangeResult<String> response = post(form("num", "1", "topic", "x_y"));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseBody()).contains("topic x_y collides with existing topic x.y")
			.doesNotContain("Exception");
		assertThat(TestBroker.topicNames()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "watched-jobs-dlt", "__consumer_offsets", "__share_group_state", "forbidden-jobs" })
	void deadLetterInternalAndDisallowedTopicsAre400AndNothingIsSentToThem(String topic) throws Exception {
		Set<String> before = TestBroker.topicNames();

		EntityExchangeResult<String> response = post(form("num", "1", "topic", topic));

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(TestBroker.topicNames()).isEqualTo(before);
	}

	@Test
	void aFormLargerThanTheServerAcceptsIs413AndOneWarningLineWithoutAStackTrace(CapturedOutput output) {
		String body = "num=1&pad=" + "a".repeat(5 * 1024 * 1024);

		EntityExchangeResult<String> response = Http.to(this.port)
			.post()
			.uri("/msk-producer-send")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(body)
			.exchange()
			.returnResult(String.class);

		assertThat(response.getStatus().value()).isEqualTo(413);
		assertThat(response.getResponseBody())
			.startsWith("Nothing was sent\nthe form is larger than this server accepts");
		assertThat(response.getResponseBody()).doesNotContain("Exception");
		assertThat(output.getAll().lines().filter((line) -> line.contains("size of the posted data was too big")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN "));
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat org.apache.tomcat");
	}

	@Test
	void theErrorPathItselfIsNotFoundNotAServerError() {
		EntityExchangeResult<String> json = Http.to(this.port)
			.get()
			.uri("/error")
			.exchange()
			.returnResult(String.class);
		assertThat(json.getStatus().value()).isEqualTo(404);
		assertThat(json.getResponseBody()).contains("\"status\":404", "\"error\":\"Not Found\"").doesNotContain("999");
		assertThat(Http.to(this.port)
			.get()
			.uri("/error")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value()).isEqualTo(404);
	}

	@Test
	void aRedirectNamesAPathNeverTheHostTheRequestClaimed() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream()
				.write(("GET /msk-producer HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

			assertThat(answer).startsWith("HTTP/1.1 302").contains("\r\nLocation: /msk-producer-index.html\r\n");
			assertThat(answer).doesNotContain("evil.example");
		}
	}

	@Test
	void aFormWithMoreFieldsThanTheServerReadsGetsTheProductsAnswerNotTomcats() {
		String body = "num=1" + "&f=1".repeat(1_200);

		EntityExchangeResult<String> text = postRaw(body, MediaType.APPLICATION_FORM_URLENCODED, MediaType.ALL);
		EntityExchangeResult<String> page = postRaw(body, MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_HTML);

		assertThat(text.getStatus().value()).isEqualTo(400);
		assertThat(text.getResponseBody())
			.isEqualTo("Nothing was sent\nthe form has more fields than this server reads (1000); it has three: num, "
					+ "topic, partition_num\n");
		assertThat(page.getStatus().value()).isEqualTo(400);
		assertThat(page.getResponseBody())
			.contains("<title>Nothing was sent", "it has three: num, topic, partition_num")
			.doesNotContain("maxParameterCount", "ignored", "Connector");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/xml", "text/xml", "application/problem+json" })
	void aJsonOrXmlBodyIsRefusedSayingWhichContentTypeToUse(String contentType) throws Exception {
		Set<String> before = TestBroker.topicNames();

		EntityExchangeResult<String> response = postRaw("{\"num\": 5}", MediaType.parseMediaType(contentType),
				MediaType.ALL);

		assertThat(response.getStatus().value()).isEqualTo(415);
		assertThat(response.getResponseBody()).startsWith("Nothing was sent\nthe body is " + contentType)
			.contains("send the form as application/x-www-form-urlencoded");
		assertThat(TestBroker.topicNames()).isEqualTo(before);
	}

	private EntityExchangeResult<String> postRaw(String body, MediaType contentType, MediaType accept) {
		return Http.to(this.port)
			.post()
			.uri("/msk-producer-send")
			.contentType(contentType)
			.accept(accept)
			.body(body)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> post(MultiValueMap<String, String> form) {
		return Http.to(this.port)
			.post()
			.uri("/msk-producer-send")
			.contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8))
			.body(form)
			.exchange()
			.returnResult(String.class);
	}

	private static MultiValueMap<String, String> form(String... namesAndValues) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return form;
	}

}
