package com.example.mskqueue.discovery;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * WireMock stands in for the MSK API (the SDK's endpoint override); no AWS call. The
 * SDK's default credentials chain reads the test's keys from system properties, which
 * each test sets and removes again.
 */
class MskBootstrapBrokersTests {

	static final String ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/jobs/0f0e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b-2";

	static final String IAM_BROKERS = "b-1.jobs.abc.c2.kafka.eu-west-1.amazonaws.com:9098,"
			+ "b-2.jobs.abc.c2.kafka.eu-west-1.amazonaws.com:9098";

	@RegisterExtension
	static WireMockExtension msk = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	@BeforeEach
	void credentials() {
		System.setProperty("aws.accessKeyId", "test");
		System.setProperty("aws.secretAccessKey", "test");
	}

	@AfterEach
	void noCredentials() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void resolvesTheIamBootstrapBrokersOfAnActiveCluster() {
		answer(200, null, "{\"bootstrapBrokerStringSaslIam\":\"" + IAM_BROKERS + "\"}");

		assertThat(brokers().forCluster(ARN)).isEqualTo(IAM_BROKERS);
		assertThat(msk.getAllServeEvents()).singleElement()
			.satisfies((call) -> assertThat(requestLine(call))
				.isEqualTo("GET /v1/clusters/" + ARN + "/bootstrap-brokers"));
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

		assertThat(msk.getAllServeEvents()).isEmpty();
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
		assertThat(msk.getAllServeEvents()).isEmpty();
	}

	@Test
	void reportsTheProblemAsAStartupFailureAnalysisNotAStackTrace() {
		FailureAnalysis analysis = new MskClusterUnavailableFailureAnalyzer()
			.analyze(new IllegalStateException(new MskClusterUnavailableException(ARN, "it was not found")));

		assertThat(analysis.getDescription()).contains(ARN).contains("it was not found");
		assertThat(analysis.getAction()).contains("MSK_CLUSTER_ARN").contains("KAFKA_BOOTSTRAP_SERVERS");
	}

	private static void answer(int status, String errorType, String body) {
		var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
		if (errorType != null) {
			response.withHeader("x-amzn-ErrorType", errorType);
		}
		msk.stubFor(get(urlPathMatching("/v1/clusters/.+/bootstrap-brokers")).willReturn(response));
	}

	private static String requestLine(ServeEvent call) {
		return call.getRequest().getMethod() + " "
				+ URLDecoder.decode(URI.create(call.getRequest().getUrl()).getRawPath(), StandardCharsets.UTF_8);
	}

	private static MskBootstrapBrokers brokers() {
		return new MskBootstrapBrokers(URI.create(msk.baseUrl()));
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("endpoint", Map.of("msk.endpoint-override", msk.baseUrl())));
		return environment;
	}

}
