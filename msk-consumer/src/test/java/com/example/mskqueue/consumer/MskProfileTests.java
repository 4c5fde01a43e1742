package com.example.mskqueue.consumer;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code msk} profile configures IAM authentication exactly as MSK expects, with classes that
 * load. Nothing here talks to AWS or to a broker: the listener and topic creation stay off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.kafka.bootstrap-servers=localhost:9098", "spring.kafka.listener.auto-startup=false",
				"spring.kafka.admin.auto-create=false" })
@ActiveProfiles("msk")
class MskProfileTests {

	@Autowired
	KafkaProperties kafka;

	@Test
	void consumerAndDeadLetterProducerUseIamAuthenticationOverTls() {
		Map<String, Object> consumer = this.kafka.buildConsumerProperties();
		Map<String, Object> producer = this.kafka.buildProducerProperties();

		for (Map<String, Object> config : java.util.List.of(consumer, producer)) {
			assertThat(config).containsEntry("security.protocol", "SASL_SSL")
				.containsEntry("sasl.mechanism", "AWS_MSK_IAM")
				.containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
				.containsEntry("sasl.client.callback.handler.class",
						"software.amazon.msk.auth.iam.IAMClientCallbackHandler");
		}
		assertThat(consumer).containsEntry("enable.auto.commit", false)
			.containsEntry("auto.offset.reset", "earliest")
			.containsEntry("max.poll.records", 1);
	}

	@Test
	void iamAuthenticationClassesLoad() throws Exception {
		assertThat(Class.forName("software.amazon.msk.auth.iam.IAMLoginModule").getConstructor().newInstance())
			.isNotNull();
		assertThat(Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler").getConstructor().newInstance())
			.isNotNull();
	}

}
