package com.example.mskqueue.infra;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Bad deployment settings are refused before any stack is built, with what to do. */
class DeploymentSettingsTests {

	@Test
	void theImageTagIsRequiredAndNeverLatest() {
		App withoutTag = App.Builder.create().context(Map.of("region", "eu-west-1")).build();
		assertThatIllegalArgumentException().isThrownBy(() -> DeploymentSettings.from(withoutTag))
			.withMessageContaining("-c imageTag=");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("imageTag", "latest")))
			.withMessageContaining("'latest' is never pushed");
	}

	@Test
	void kafkaVersionsAreMsksNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("kafkaVersion", "4.1.x")))
			.withMessageContaining("must be one of MSK's names 4.0.x.kraft, 4.1.x.kraft, 4.2.x.kraft");
	}

	@Test
	void expressBrokersRunOnlyTheVersionsMskOffersThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("brokerType", "express", "kafkaVersion", "4.1.x.kraft")))
			.withMessageContaining("express brokers run Kafka [4.2.x.kraft], not 4.1.x.kraft");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> Synthesized.with(Map.of("brokerType", "express", "brokerInstanceType", "kafka.m7g.large")))
			.withMessageContaining("kafka.m7g.large is not an instance type of express brokers");
	}

	@Test
	void queueModeNeedsKafka42AndTheProducersLagMetric() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized
				.with(Map.of("consumerMode", "queue", "brokerType", "standard", "kafkaVersion", "4.1.x.kraft")))
			.withMessageContaining("Apache Kafka 4.2 or later");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("consumerMode", "queue", "lagMetricSource", "msk")))
			.withMessageContaining("lagMetricSource=producer");
	}

	@Test
	void queueModeOnExpressBrokersIsRefusedCitingMsksGuideWhichListsShareGroupsOnStandardBrokersOnly() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("consumerMode", "queue", "brokerType", "express")))
			.withMessageContaining("Share groups (queues) on Amazon MSK")
			.withMessageContaining("Standard brokers running Apache Kafka 4.2 or later")
			.withMessageContaining("brokerType=standard");
	}

	@Test
	void groupModeMayStillRunOnExpressBrokers() {
		Synthesized express = Synthesized.with(Map.of("brokerType", "express", "kafkaVersion", "4.2.x.kraft"));

		assertThat(express.kafka().findResources("AWS::MSK::Cluster").toString()).contains("express.m7g.large");
	}

	@Test
	void webAccessSettingsAreCheckedBeforeAnythingIsBuilt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("allowedCidrs", "my-laptop")))
			.withMessageContaining("allowedCidrs must be CIDR blocks");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("signIn", "oidc", "oidcIssuer", "https://idp.example.com",
					"oidcAuthorizationEndpoint", "https://idp.example.com/a", "oidcTokenEndpoint",
					"https://idp.example.com/t", "oidcUserInfoEndpoint", "https://idp.example.com/u", "oidcClientId",
					"jobs", "oidcClientSecretName", "jobs/oidc")))
			.withMessageContaining("needs certificateArn");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("signIn", "oidc")))
			.withMessageContaining("Missing deployment setting oidcIssuer");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("stage", "Prod")))
			.withMessageContaining("stage must be 1-20 lowercase letters");
	}

	@Test
	void scalingSettingsAreCountedInWorkers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("minWorkers", "9", "maxWorkers", "8")))
			.withMessageContaining("minWorkers <= maxWorkers");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("workersPerTask", "65")))
			.withMessageContaining("workersPerTask must be 1 to 64");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("maxWorkers", "eight")))
			.withMessageContaining("maxWorkers must be a whole number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("scalingPolicy", "threshold", "minWorkers", "0")))
			.withMessageContaining("needs lagMetricSource=producer");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("waitTargetSeconds", "30")))
			.withMessageContaining("waitTargetSeconds must be 180 to 86400");
		assertThatIllegalArgumentException().isThrownBy(() -> Synthesized.with(Map.of("scalingPolicy", "fast")))
			.withMessageContaining("scalingPolicy must be one of [threshold, work]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(
					Map.of("alarmEmail", "ops@example.com", "alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops")))
			.withMessageContaining("not both");
	}

}
