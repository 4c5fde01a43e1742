package com.example.mskqueue.producer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Puts slow jobs on a Kafka topic: a browser form and an HTTP endpoint behind an ALB that
 * routes {@code /msk-producer*}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MskProducerApplication {

	public static void main(String[] args) {
		SpringApplication.run(MskProducerApplication.class, args);
	}

}
