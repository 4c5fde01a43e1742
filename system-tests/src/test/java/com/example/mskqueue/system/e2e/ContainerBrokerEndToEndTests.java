package com.example.mskqueue.system.e2e;

import java.nio.file.Path;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end scenario on the official {@code apache/kafka} image, the broker docker
 * compose runs. Skipped where no Docker engine runs (our CI); CodeBuild in privileged
 * mode and developer laptops run it.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerEndToEndTests extends EndToEndScenario {

	static final String IMAGE = "apache/kafka:4.2.1";

	private KafkaContainer kafka;

	@Override
	String startBroker(Path workDir) {
		this.kafka = new KafkaContainer(IMAGE);
		this.kafka.start();
		return this.kafka.getBootstrapServers();
	}

	@Override
	void stopBroker() {
		if (this.kafka != null) {
			this.kafka.stop();
		}
	}

}
