package com.example.mskqueue.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A local HTTP server stands in for the MSK API (the SDK's endpoint override); no AWS call.
 */
class MskBootstrapBrokersTests {

	static final String ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/jobs/0f0e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b-2";

	static final String IAM_BROKERS = "b-1.jobs.abc.c2.kafka.eu-west-1.amazonaws.com:9098,"
			+ "b-2.jobs.abc.c2.kafka.eu-west-1.amazonaws.com:9098";

	HttpServer msk;

	final List<String> requests = new CopyOnWriteArrayList<>();

	volatile int status;

	volatile String errorType;

	volatile String body;

	@BeforeEach
	void startFakeMsk() throws IOException {
		System.setProperty("aws.accessKeyId", "test");
		System.setProperty("aws.secretAccessKey", "test");
		this.msk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.msk.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestMethod() + " "
					+ URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8));
			byte[] answer = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			if (this.errorType != null) {
				exchange.getResponseHeaders().add("x-amzn-ErrorType", this.errorType);
			}
			exchange.sendResponseHeaders(this.status, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.msk.start();
	}

	@AfterEach
	void stopFakeMsk() {
		this.msk.stop(0);
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void resolvesTheIamBootstrapBrokersOfAnActiveCluster() {
		answer(200, null, "{\"bootstrapBrokerStringSaslIam\":\"" + IAM_BROKERS + "\"}");

		assertThat(brokers().forCluster(ARN)).isEqualTo(IAM_BROKERS);
		assertThat(this.requests).containsExactly("GET /v1/clusters/" + ARN + "/bootstrap-brokers");
	}

	@Test
	void setsSpringKafkaBootstrapServersFromTheClusterArn() {
		answer(200, null, "{\"bootstrapBrokerStringSaslIam\":\"" + IAM_BROKERS + "\"}");
		StandardEnvironment environment = environment(Map.of("MSK_CLUSTER_ARN", ARN));

		new MskBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(IAM_BROKERS);
	}

	@Test
	void leavesExplicitBootstrapServersAlone() {
		StandardEnvironment environment = environment(
				Map.of("MSK_CLUSTER_ARN", ARN, "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));

		new MskBootstrapEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(this.requests).isEmpty();
		assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
	}

	@Test
	void explainsAClusterThatIsNotFound() {
		answer(404, "NotFoundException", "{\"message\":\"The requested resource was not found.\"}");

		assertThatExceptionOfType(MskClusterUnavailableException.class).isThrownBy(() -> brokers().forCluster(ARN))
			.withMessageContaining("it was not found in eu-west-1: check MSK_CLUSTER_ARN");
	}

	@Test
	void explainsAClusterThatIsNotActive() {
		answer(400, "BadRequestException", "{\"message\":\"The cluster is in CREATING state.\"}");

		assertThatExceptionOfType(MskClusterUnavailableException.class).isThrownBy(() -> brokers().forCluster(ARN))
			.withMessageContaining("it is not ready")
			.withMessageContaining("CREATING");
	}

	@Test
	void explainsAClusterWithoutIamAuthentication() {
		answer(200, null, "{\"bootstrapBrokerStringTls\":\"b-1:9094\"}");

		assertThatExceptionOfType(MskClusterUnavailableException.class).isThrownBy(() -> brokers().forCluster(ARN))
			.withMessageContaining("no IAM bootstrap brokers");
	}

	@Test
	void refusesAnArnThatIsNotAnMskCluster() {
		assertThatExceptionOfType(MskClusterUnavailableException.class)
			.isThrownBy(() -> brokers().forCluster("arn:aws:s3:::bucket"))
			.withMessageContaining("not an MSK cluster ARN");
		assertThat(this.requests).isEmpty();
	}

	@Test
	void reportsTheProblemAsAStartupFailureAnalysisNotAStackTrace() {
		FailureAnalysis analysis = new MskClusterUnavailableFailureAnalyzer()
			.analyze(new IllegalStateException(new MskClusterUnavailableException(ARN, "it was not found")));

		assertThat(analysis.getDescription()).contains(ARN).contains("it was not found");
		assertThat(analysis.getAction()).contains("MSK_CLUSTER_ARN").contains("KAFKA_BOOTSTRAP_SERVERS");
	}

	private void answer(int status, String errorType, String body) {
		this.status = status;
		this.errorType = errorType;
		this.body = body;
	}

	private MskBootstrapBrokers brokers() {
		return new MskBootstrapBrokers(URI.create("http://127.0.0.1:" + this.msk.getAddress().getPort()));
	}

	private StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("endpoint", Map.of("msk.endpoint-override",
					"http://127.0.0.1:" + this.msk.getAddress().getPort())));
		return environment;
	}

}
