package com.example.mskqueue.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagReportFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awscdk.Aspects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * cdk-nag's AWS Solutions rule pack over every stack of the app, in the shapes a
 * deployment can take: no unsuppressed error; every suppression carries its reason
 * (cdk-nag refuses one without).
 */
class CdkNagTests {

	private static final Logger log = LoggerFactory.getLogger(CdkNagTests.class);

	static Stream<Arguments> deployments() {
		return Stream.of(Arguments.of("group mode, HTTP, defaults", Map.of()),
				Arguments.of("queue mode (Standard brokers), HTTPS with OIDC sign-in", Map.of("consumerMode", "queue",
						"certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234", "allowedCidrs",
						"203.0.113.0/24", "signIn", "oidc", "oidcIssuer", "https://idp.example.com",
						"oidcAuthorizationEndpoint", "https://idp.example.com/authorize", "oidcTokenEndpoint",
						"https://idp.example.com/token", "oidcUserInfoEndpoint", "https://idp.example.com/userinfo",
						"oidcClientId", "jobs", "oidcClientSecretName", "jobs/oidc")),
				Arguments.of("group mode on Express brokers, alarms mailed",
						Map.of("brokerType", "express", "kafkaVersion", "4.2.x.kraft", "alarmEmail",
								"ops@example.com")),
				Arguments.of("an existing cluster", Map.of("existingClusterArn",
						"arn:aws:kafka:eu-west-1:123456789012:cluster/shared/0f0e-1a2b-3c4d")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("deployments")
	void awsSolutionsChecksFindNoUnsuppressedError(String deployment, Map<String, Object> context,
			@TempDir Path outdir) {
		Synthesized synthesized = Synthesized.with(context, outdir);
		Aspects.of(synthesized.app())
			.add(new AwsSolutionsChecks(
					NagPackProps.builder().reports(true).reportFormats(List.of(NagReportFormat.JSON)).build()));
		// Synthesis fails on any error annotation: the findings say which first.
		Throwable synthesis = catchThrowable(() -> synthesized.app().synth());

		NagFindings findings = NagFindings.in(outdir);
		findings.all().forEach((finding) -> log.info("cdk-nag [{}] {}", deployment, finding));
		assertThat(findings.unsuppressedErrors()).as("unsuppressed cdk-nag errors (%s)", deployment).isEmpty();
		assertThat(synthesis).as("synthesis").isNull();
	}

}
