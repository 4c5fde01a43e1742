package com.example.mskqueue.producer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The producer on the module's real broker, listening on a random port, with work topic
 * {@value #TOPIC} of its own: the job view's tests write jobs, steps and dead letters to
 * it without disturbing the topic of {@link ProducerTest}. Every test class with this
 * annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"jobs.topic=" + JobViewTest.TOPIC, "jobs.lag.consumer-group=" + JobViewTest.TOPIC + "-group",
				"jobs.lag.interval=500ms" })
public @interface JobViewTest {

	/** The work topic. */
	String TOPIC = "viewed-jobs";

}
