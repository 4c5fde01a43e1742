package com.example.mskqueue.consumer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The consumer in group mode on the module's broker, listening to topic {@value #TOPIC}
 * (3 partitions, 10 ms work units) with an ECS agent stub. Every test class with this
 * annotation shares one application context; each test tells its jobs apart by their
 * keys.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "jobs.mode=group",
		"jobs.topic=" + GroupModeTest.TOPIC, "jobs.partitions=3", "jobs.work-unit=10ms",
		"spring.kafka.consumer.group-id=" + GroupModeTest.GROUP })
@Import({ CompletedJobs.class, EcsAgentStub.class })
public @interface GroupModeTest {

	/** The work topic. */
	String TOPIC = "group-jobs";

	/** The consumer group. */
	String GROUP = "group-tests";

}
