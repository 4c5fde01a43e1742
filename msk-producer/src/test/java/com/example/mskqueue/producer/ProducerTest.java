package com.example.mskqueue.producer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The producer on the module's real broker, listening on a random port, watching group
 * {@value #GROUP} on work topic {@value #TOPIC}, and refusing topics that start with
 * {@code forbidden}. Every test class with this annotation shares one application
 * context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"jobs.topic=" + ProducerTest.TOPIC, "jobs.lag.consumer-group=" + ProducerTest.GROUP,
				"jobs.lag.interval=500ms", "jobs.allowed-topics=(?!forbidden).*" })
public @interface ProducerTest {

	/** The work topic. */
	String TOPIC = "watched-jobs";

	/** The consumer group the lag monitor watches. */
	String GROUP = "watchers";

}
