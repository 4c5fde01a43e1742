package com.example.mskqueue.consumer;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The {@code msk} profile configures IAM authentication exactly as MSK expects. Nothing
 * here talks to AWS or to a broker: the listener and topic creation stay off, and the
 * Kafka clients are built (which loads and configures the IAM login module and callback
 * handler) but never connect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.kafka.bootstrap-servers=localhost:9098", "spring.kafka.listener.auto-startup=false",
				"spring.kafka.admin.auto-create=false", "spring.kafka.admin.properties.request.timeout.ms=100",
				"spring.kafka.admin.properties.default.api.timeout.ms=100" })
@ActiveProfiles("msk")
class MskProfileTests {

	@Autowired
	KafkaProperties kafka;

	@Test
	void consumerAndDeadLetterProducerUseIamAuthenticationOverTls() {
		Map<String, Object> consumer = this.kafka.buildConsumerProperties();
		Map<String, Object> producer = this.kafka.buildProducerProperties();

		for (Map<String, Object> config : List.of(consumer, producer)) {
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
	void theIamSettingsBuildKafkaClients() {
		assertThatNoException().isThrownBy(() -> {
			new KafkaConsumer<>(this.kafka.buildConsumerProperties(), new StringDeserializer(),
					new ByteArrayDeserializer())
				.close();
			new KafkaProducer<>(this.kafka.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer())
				.close();
		});
	}

}
