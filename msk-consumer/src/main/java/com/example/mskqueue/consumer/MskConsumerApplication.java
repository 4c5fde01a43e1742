package com.example.mskqueue.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Works through slow jobs from a Kafka topic, one at a time, committing each when it is
 * done.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MskConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(MskConsumerApplication.class, args);
	}

}
