package com.example.mskqueue.producer.web;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.example.mskqueue.contract.ContractCases;
import com.example.mskqueue.contract.ContractCases.Case;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.sending.JobSender;
import com.example.mskqueue.producer.sending.JobsNotAcknowledgedException;
import com.example.mskqueue.producer.sending.SentBatch;
import com.example.mskqueue.producer.sending.TopicRefusedException;
import com.example.mskqueue.producer.sending.WorkTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The form's rules and answers, in a web slice: no broker, the sender stubbed. Whatever
 * breaks a rule is a 400 that names it, and the sender is never called.
 */
@WebMvcTest(SendJobsController.class)
@Import({ SendRequestRules.class, WebConfiguration.class })
@EnableConfigurationProperties(ProducerProperties.class)
@TestPropertySource(properties = "jobs.allowed-topics=(?!forbidden).*")
class SendJobsControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	JobSender sender;

	static Stream<Case> refusedNumbers() {
		return ContractCases.refusedByTheForm().stream();
	}

	@ParameterizedTest(name = "num {0}")
	@MethodSource("refusedNumbers")
	void refusesEveryNumberTheContractRefusesNamingTheRule(Case value) throws Exception {
		MockHttpServletRequestBuilder request = post("/msk-producer-send");
		if (value.text() != null) {
			request.param("num", value.text());
		}

		MvcResult result = this.mvc.perform(request).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(result.getResponse().getContentAsString()).startsWith("Nothing was sent\n")
			.contains("num " + ((value.text() != null) ? "" : "is missing"))
			.contains(value.formRule().description());
		then(this.sender).shouldHaveNoInteractions();
	}

	@Test
	void saysWhichLimitABigWholeNumberExceeds() throws Exception {
		assertThat(body(post("/msk-producer-send").param("num", "99999999999999999999"), 400))
			.contains("num is out of range: it must be at most 100000 per request (got 99999999999999999999)");
		assertThat(body(post("/msk-producer-send").param("num", "0"), 400))
			.contains("num is out of range: it must be at least 1 (got 0)");
		assertThat(body(post("/msk-producer-send").param("num", "1").param("partition_num", "1001"), 400))
			.contains("partition_num is out of range: it must be at most 1000 (got 1001)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0x2", "+2", " 2", "02", "\u0662" })
	void refusesPartitionCountsTheContractRefuses(String partitions) throws Exception {
		assertThat(body(post("/msk-producer-send").param("num", "1").param("partition_num", partitions), 400))
			.contains("partition_num '");
		then(this.sender).shouldHaveNoInteractions();
	}

	@Test
	void aFieldGivenTwiceIsRefused() throws Exception {
		assertThat(body(post("/msk-producer-send").param("num", "1", "2"), 400))
			.contains("num was given 2 times; give it once");
		assertThat(body(post("/msk-producer-send").param("num", "1", "abc"), 400))
			.contains("num was given 2 times; give it once");
		assertThat(body(post("/msk-producer-send").param("num", "1").param("topic", "a", "b"), 400))
			.contains("topic was given 2 times; give it once");
		then(this.sender).shouldHaveNoInteractions();
	}

	@Test
	void onlyNumIsRequiredTheTopicAndPartitionsHaveDefaults() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willReturn(sent("msk-jobs", 5, 5));

		assertThat(body(post("/msk-producer-send").param("num", "5"), 200)).startsWith("Messages sent: 5\n")
			.contains("Topic: msk-jobs (existing topic with 5 partitions)");
		then(this.sender).should().send("msk-jobs", 5, 5);
	}

	@Test
	void ignoresFieldsItDoesNotKnowNestedAndIndexedOnesIncluded() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willReturn(sent("msk-jobs", 3, 5));

		assertThat(body(post("/msk-producer-send").param("num", "3")
			.param("topic.x", "1")
			.param("num.x", "1")
			.param("num[0]", "7")
			.param("class.module.classLoader", "x")
			.param("partitionNum", "9"), 200)).startsWith("Messages sent: 3\n");
		then(this.sender).should().send("msk-jobs", 3, 5);
		assertThat(body(post("/msk-producer-send").param("topic.x", "1"), 400)).contains("num is missing");
	}

	static Stream<String> refusedTopics() {
		return Stream.of("t".repeat(246), "t".repeat(249), "t".repeat(250), "has space", "jobs/today", ".", "..",
				"__consumer_offsets", "__mine", "msk-jobs-dlt", "forbidden-topic", "");
	}

	@ParameterizedTest
	@MethodSource("refusedTopics")
	void refusesTopicsKafkaWouldRefuseDeadLetterTopicsAndTopicsNotAllowed(String topic) throws Exception {
		assertThat(body(post("/msk-producer-send").param("num", "1").param("topic", topic), 400)).contains("topic ");
		then(this.sender).shouldHaveNoInteractions();
	}

	@Test
	void aWorkTopicOf245CharactersIsTheLongestWhoseTwinKafkaAccepts() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willReturn(sent("t".repeat(245), 1, 5));

		body(post("/msk-producer-send").param("num", "1").param("topic", "t".repeat(245)), 200);
		assertThat(body(post("/msk-producer-send").param("num", "1").param("topic", "t".repeat(246)), 400))
			.contains("topic must be 1 to 245 characters");
	}

	@Test
	void listsEveryProblemOfARequestAtOnce() throws Exception {
		assertThat(body(post("/msk-producer-send").param("num", "0").param("topic", "__x").param("partition_num", "0"),
				400))
			.contains("num is out of range")
			.contains("partition_num is out of range")
			.contains("topic names an internal topic");
	}

	@Test
	void aTopicTheClusterRefusesIsTheClientsToFix() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt()))
			.willThrow(new TopicRefusedException("topic x_y collides with existing topic x.y"));

		assertThat(body(post("/msk-producer-send").param("num", "1").param("topic", "x_y"), 400))
			.isEqualTo("Nothing was sent\ntopic x_y collides with existing topic x.y\n");
	}

	@Test
	void anUnreachableClusterIs503WithTheCountAndNoExceptionClassName() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willThrow(new JobsNotAcknowledgedException(2, 0, 5,
				"Topic msk-jobs not present in metadata after 3000 ms.", null));

		MvcResult result = this.mvc.perform(post("/msk-producer-send").param("num", "5")).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("5");
		assertThat(result.getResponse().getContentAsString()).startsWith("Kafka unavailable: 2 of 5 sent\n")
			.contains("3 jobs are not on the topic; send them again later.")
			.contains("Reason: Topic msk-jobs not present in metadata after 3000 ms.")
			.doesNotContain("may still be stored")
			.doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]\\w*Exception");
	}

	@Test
	void jobsSentButNeverConfirmedAreReportedAsPossiblyStoredNotAsMissing() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willThrow(new JobsNotAcknowledgedException(4, 14, 20,
				"not enough in-sync replicas: partition 0 has 1 of 3 replicas in sync, 2 needed", null));

		String body = body(post("/msk-producer-send").param("num", "20"), 503);

		assertThat(body).startsWith("Kafka unavailable: 4 of 20 sent\n")
			.contains("14 jobs were sent but the cluster did not confirm them: they may still be stored once it "
					+ "recovers, so sending them again may run some of them twice.")
			.contains("2 jobs are not on the topic; send them again later.")
			.contains("Reason: not enough in-sync replicas");
	}

	@Test
	void answersBrowsersWithPagesOfTheProduct() throws Exception {
		given(this.sender.send(anyString(), anyInt(), anyInt())).willReturn(sent("msk-jobs", 2, 5));

		String sentPage = body(post("/msk-producer-send").param("num", "2").accept(MediaType.TEXT_HTML), 200);
		String problemPage = body(post("/msk-producer-send").param("num", "-2").accept(MediaType.TEXT_HTML), 400);

		assertThat(sentPage).contains("<h1 id=\"result\">Messages sent: 2</h1>")
			.contains("href=\"/msk-producer/status\"")
			.contains("href=\"/msk-producer/style.css\"");
		assertThat(problemPage).contains("<ul id=\"problems\"").contains("num &#39;-2&#39; has a sign");
	}

	@Test
	void servesTheFormWithItsDefaultsAndALinkToTheStatusPage() throws Exception {
		assertThat(body(get("/msk-producer-index.html"), 200)).contains("action=\"/msk-producer-send\"")
			.contains("name=\"num\"")
			.contains("value=\"msk-jobs\"")
			.containsPattern("name=\"partition_num\"[^>]*value=\"5\"")
			.contains("id=\"nav-status\" href=\"/msk-producer/status\"");
	}

	@Test
	void redirectsTheFormPathToTheFormPage() throws Exception {
		MvcResult result = this.mvc.perform(get("/msk-producer")).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(result.getResponse().getHeader("Location")).isEqualTo("/msk-producer-index.html");
	}

	private String body(MockHttpServletRequestBuilder request, int status) throws Exception {
		MvcResult result = this.mvc.perform(request).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result.getResponse().getContentAsString();
	}

	private static SentBatch sent(String topic, int jobs, int partitions) {
		return new SentBatch(new WorkTopic(topic, partitions, false), jobs, "batch-1");
	}

}
