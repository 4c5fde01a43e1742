package com.example.mskqueue.producer.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.producer.FormPost;
import com.example.mskqueue.producer.TopicContents;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class SendJobsControllerTests {

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Test
	void sendsOneRecordPerRequestedJobWithUuidKeysAndSecondsFromZeroToTen() {
		HttpResponse<String> response = FormPost.send(this.port, "num", "20", "topic", "twenty-jobs", "partition_num",
				"4");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Messages sent: 20\n").contains("created with 4 partitions");
		List<ConsumerRecord<String, String>> records = TopicContents.records(this.broker.getBrokersAsString(),
				"twenty-jobs");
		assertThat(records).hasSize(20);
		assertThat(records).allSatisfy((record) -> {
			assertThat(UUID.fromString(record.key())).hasToString(record.key());
			assertThat(Integer.parseInt(record.value())).isBetween(0, 10);
		});
		assertThat(records.stream().map(ConsumerRecord::key).distinct()).hasSize(20);
	}

	@Test
	void createsANewTopicAndItsDeadLetterTopicWithTheRequestedPartitions() throws Exception {
		FormPost.send(this.port, "num", "1", "topic", "seven-partitions", "partition_num", "7");

		assertThat(TopicContents.partitionCount(this.broker.getBrokersAsString(), "seven-partitions")).isEqualTo(7);
		assertThat(TopicContents.partitionCount(this.broker.getBrokersAsString(), "seven-partitions-dlt")).isEqualTo(7);
	}

	@Test
	void statesTheRealPartitionCountWhenTheTopicAlreadyExists() {
		FormPost.send(this.port, "num", "1", "topic", "existing-topic", "partition_num", "3");

		HttpResponse<String> response = FormPost.send(this.port, "num", "2", "topic", "existing-topic", "partition_num",
				"9");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Messages sent: 2\n")
			.contains("existing topic with 3 partitions; partition_num=9 applies only to new topics");
	}

	@Test
	void answersBrowsersWithAnHtmlPage() throws Exception {
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/msk-producer-send"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("num=2&topic=html-page&partition_num=1"))
			.build();

		HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<h1 id=\"result\">Messages sent: 2</h1>");
	}

	@Test
	void redirectsTheFormPathToTheFormPage() {
		HttpResponse<String> response = FormPost.get(this.port, "/msk-producer");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("/msk-producer-index.html");
	}

	@Test
	void servesAFormWithTheThreeFieldsPostingToSend() {
		HttpResponse<String> response = FormPost.get(this.port, "/msk-producer-index.html");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("action=\"/msk-producer-send\"")
			.contains("name=\"num\"")
			.contains("name=\"topic\"")
			.contains("value=\"msk-jobs\"")
			.contains("name=\"partition_num\"");
	}

	@Test
	void answersTheLoadBalancerHealthCheck() {
		HttpResponse<String> response = FormPost.get(this.port, "/msk-producer-healthCheck");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Healthy");
	}

	@Test
	void servesActuatorHealthUnderThePrefixTheLoadBalancerForwards() {
		HttpResponse<String> response = FormPost.get(this.port, "/msk-producer/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

}
