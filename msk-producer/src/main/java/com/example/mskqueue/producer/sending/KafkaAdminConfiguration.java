package com.example.mskqueue.producer.sending;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * An {@link Admin} client built from Boot's {@link KafkaAdmin} settings
 * ({@code spring.kafka.admin.*} and the shared security settings), for describing and
 * creating topics on request.
 */
@Configuration(proxyBeanMethods = false)
class KafkaAdminConfiguration {

	@Bean(destroyMethod = "close")
	Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

}
