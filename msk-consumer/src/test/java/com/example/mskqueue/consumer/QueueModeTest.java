package com.example.mskqueue.consumer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The consumer in queue mode on the module's broker, in share group {@value #SHARE_GROUP}
 * on topic {@value #TOPIC} (1 partition, 700 ms work units under a 6 s record lock), with
 * its work scripted per key ({@link ScriptedWork}). Every test class with this annotation
 * shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "jobs.mode=queue",
		"jobs.topic=" + QueueModeTest.TOPIC, "jobs.work-unit=700ms", "jobs.share-group=" + QueueModeTest.SHARE_GROUP,
		"jobs.queue.record-lock-duration=6s" })
@Import({ CompletedJobs.class, ScriptedWork.Configuration.class })
public @interface QueueModeTest {

	/** The work topic. */
	String TOPIC = "queued-jobs";

	/** The share group. */
	String SHARE_GROUP = "queue-tests";

}
