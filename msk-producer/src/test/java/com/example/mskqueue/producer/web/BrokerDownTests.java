package com.example.mskqueue.producer.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.mskqueue.producer.FormPost;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker at the configured address, a send answers 503 promptly, says how many
 * jobs were acknowledged (none) and when to try again, instead of hanging for the
 * client's default minute.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerDownTests {

	/** The producer's max.block.ms in application.yml. */
	static final Duration MAX_BLOCK = Duration.ofMillis(3000);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void pointAtAClosedPort(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
	}

	@Test
	void answers503WithTheAcknowledgedCountAndRetryAfterWithinMaxBlock() {
		Instant start = Instant.now();

		HttpResponse<String> response = FormPost.send(this.port, "num", "5", "topic", "nowhere", "partition_num", "1");

		Duration took = Duration.between(start, Instant.now());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).startsWith("Kafka unavailable: 0 of 5 sent");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(took).isLessThan(MAX_BLOCK.plusSeconds(1));
	}

}
