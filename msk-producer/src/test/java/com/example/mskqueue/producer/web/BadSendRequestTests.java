package com.example.mskqueue.producer.web;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.producer.FormPost;
import com.example.mskqueue.producer.TopicContents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad request gets a 400 that says what to fix, and sends nothing: had a single job
 * been sent, its topic would exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "jobs.allowed-topics=(?!forbidden).*")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class BadSendRequestTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedKafkaBroker broker;

	static Stream<Arguments> badRequests() {
		return Stream.of(arguments("missing-num", null, "1", "num is required"),
				arguments("empty-num", "", "1", "num is required"),
				arguments("text-num", "abc", "1", "num must be a whole number (got 'abc')"),
				arguments("decimal-num", "1.5", "1", "num must be a whole number (got '1.5')"),
				arguments("zero-num", "0", "1", "num must be at least 1"),
				arguments("negative-num", "-5", "1", "num must be at least 1"),
				arguments("huge-num", "100001", "1", "num must be at most 100000 per request"),
				arguments("overflowing-num", "99999999999", "1", "num must be a whole number"),
				arguments("missing-partitions", "1", null, "partition_num is required"),
				arguments("text-partitions", "1", "five", "partition_num must be a whole number (got 'five')"),
				arguments("zero-partitions", "1", "0", "partition_num must be at least 1"),
				arguments("too-many-partitions", "1", "1001", "partition_num must be at most 1000"));
	}

	@ParameterizedTest(name = "{0}: {3}")
	@MethodSource("badRequests")
	void rejectsBadNumbersAndSendsNothing(String topic, String num, String partitions, String problem)
			throws Exception {
		HttpResponse<String> response = FormPost.send(this.port, "num", num, "topic", topic, "partition_num",
				partitions);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).startsWith("Nothing was sent\n").contains(problem);
		assertThat(TopicContents.topicNames(this.broker.getBrokersAsString())).doesNotContain(topic);
	}

	static Stream<Arguments> badTopics() {
		return Stream.of(arguments(null, "topic is required"), arguments("", "topic is required"),
				arguments("   ", "topic is required"),
				arguments("has space", "topic must be 1 to 249 characters of letters, digits, '.', '_' and '-'"),
				arguments("jobs/today", "topic must be 1 to 249 characters"),
				arguments("x".repeat(250), "topic must be 1 to 249 characters"),
				arguments(".", "topic cannot be '.' or '..'"), arguments("..", "topic cannot be '.' or '..'"),
				arguments("__consumer_offsets", "topic names an internal topic (starts with '__')"),
				arguments("__my-topic", "topic names an internal topic"),
				arguments("forbidden-topic", "topic is not allowed here (allowed: (?!forbidden).*)"));
	}

	@ParameterizedTest(name = "topic [{0}]: {1}")
	@MethodSource("badTopics")
	void rejectsTopicsKafkaWouldRefuseOrThatAreNotAllowed(String topic, String problem) throws Exception {
		var before = TopicContents.topicNames(this.broker.getBrokersAsString());

		HttpResponse<String> response = FormPost.send(this.port, "num", "3", "topic", topic, "partition_num", "1");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains(problem);
		assertThat(TopicContents.topicNames(this.broker.getBrokersAsString())).isEqualTo(before);
	}

	@Test
	void listsEveryProblemOfARequestAtOnce() {
		HttpResponse<String> response = FormPost.send(this.port, "num", "0", "topic", "__x", "partition_num", "0");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("num must be at least 1")
			.contains("partition_num must be at least 1")
			.contains("topic names an internal topic");
	}

}
