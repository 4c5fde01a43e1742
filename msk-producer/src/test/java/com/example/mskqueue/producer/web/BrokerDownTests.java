package com.example.mskqueue.producer.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import com.example.mskqueue.producer.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker at the configured address, a send answers 503 promptly, says how many
 * jobs were acknowledged (none) and when to try again, instead of hanging for the
 * client's default minute, and logs it at WARN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
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
	void answers503WithTheAcknowledgedCountAndRetryAfterWithinMaxBlock(CapturedOutput output) {
		Instant start = Instant.now();

		EntityExchangeResult<String> response = Http.to(this.port)
			.post()
			.uri("/msk-producer-send?num=5&topic=nowhere&partition_num=1")
			.exchange()
			.returnResult(String.class);

		Duration took = Duration.between(start, Instant.now());
		assertThat(response.getStatus().value()).isEqualTo(503);
		assertThat(response.getResponseBody()).startsWith("Kafka unavailable: 0 of 5 sent\n")
			.contains("5 jobs are not on the topic")
			.doesNotContain("Exception");
		assertThat(response.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(took).isLessThan(MAX_BLOCK.plusSeconds(1));
		assertThat(output).contains("WARN").contains("Answered 503: 0 of 5 jobs acknowledged");
	}

}
