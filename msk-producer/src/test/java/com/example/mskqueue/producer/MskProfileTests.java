package com.example.mskqueue.producer;

import java.util.Map;

import javax.security.auth.spi.LoginModule;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

import com.example.mskqueue.producer.cloudwatch.CloudWatchProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code msk} profile configures IAM authentication exactly as MSK expects, with
 * classes that load. Nothing here talks to AWS or to a broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.kafka.bootstrap-servers=localhost:9098", "jobs.cloudwatch.region=eu-west-1" })
@ActiveProfiles("msk")
class MskProfileTests {

	@Autowired
	KafkaProperties kafka;

	@Autowired
	ProducerProperties jobs;

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	@Test
	void producerUsesIamAuthenticationOverTls() {
		Map<String, Object> config = this.kafka.buildProducerProperties();

		assertThat(config).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "AWS_MSK_IAM")
			.containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
			.containsEntry("sasl.client.callback.handler.class",
					"software.amazon.msk.auth.iam.IAMClientCallbackHandler")
			.containsEntry("acks", "all")
			.containsEntry("enable.idempotence", "true");
		assertThat(this.kafka.buildAdminProperties()).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "AWS_MSK_IAM");
	}

	@Test
	void publishesTheLagToCloudWatch() {
		assertThat(this.context.getBeanNamesForType(CloudWatchProperties.class)).hasSize(1);
		assertThat(this.context.getBean(CloudWatchProperties.class).enabled()).isTrue();
		assertThat(this.context.containsBean("cloudWatchPublisher")).isTrue();
	}

	@Test
	void iamAuthenticationClassesAreWhatTheKafkaClientLoadsForSasl() throws Exception {
		assertThat(Class.forName("software.amazon.msk.auth.iam.IAMLoginModule").getConstructor().newInstance())
			.isInstanceOf(LoginModule.class);
		assertThat(
				Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler").getConstructor().newInstance())
			.isInstanceOf(AuthenticateCallbackHandler.class);
	}

	@Test
	void actuatorListensOnItsOwnPortWhichTheAlbNeverForwards() {
		assertThat(this.environment.getProperty("management.server.port", Integer.class)).isEqualTo(8083)
			.isNotEqualTo(this.environment.getProperty("server.port", Integer.class));
	}

	@Test
	void narrowsTheAllowedTopicsToTheWorkTopicFamily() {
		assertThat(this.jobs.allowedTopics().matcher("msk-jobs").matches()).isTrue();
		assertThat(this.jobs.allowedTopics().matcher("msk-jobs-experiment-1").matches()).isTrue();
		assertThat(this.jobs.allowedTopics().matcher("payments").matches()).isFalse();
	}

}
