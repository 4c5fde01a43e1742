package com.example.mskqueue.consumer.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.QueueTopics;

/**
 * Records each job's steps on its work topic's lifecycle topic, keyed by the job's key:
 * {@code started}, {@code retrying}, {@code done}, {@code dead-lettered},
 * {@code cancelled}, each signed with this consumer's name. The producer reads them into
 * the job pages.
 * <p>
 * A job's last step ({@code done}, {@code cancelled}, {@code dead-lettered}) is recorded
 * before its delivery is settled, and waited for ({@link #recordLast}): once a job is
 * committed or accepted, its history says how it ended. A consumer killed between the two
 * does the job again, which its history then shows. The other steps are sent without
 * waiting. Recording never stops a job: an event the cluster does not take is logged and
 * counted ({@code msk.lifecycle.events.failed}), and the job goes on.
 */
@Component
public class JobLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);

	/**
	 * How long a job's last step may take to be stored before the job goes on without it.
	 */
	static final Duration LAST_STEP_TIMEOUT = Duration.ofSeconds(5);

	/** How long recording pauses after finding no lifecycle topic. */
	static final Duration PAUSE_WITHOUT_TOPIC = Duration.ofMinutes(1);

	private final KafkaOperations<Object, Object> template;

	private final LifecycleProperties properties;

	private final Counter failed;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Until when events are not sent, after one found no lifecycle topic: each send would
	 * wait {@code max.block.ms} for the topic's metadata.
	 */
	private volatile Instant pausedUntil = Instant.MIN;

	JobLifecycle(KafkaOperations<Object, Object> template, LifecycleProperties properties, MeterRegistry registry) {
		this.template = template;
		this.properties = properties;
		this.failed = Counter.builder("msk.lifecycle.events.failed")
			.description("Job lifecycle events the cluster did not take")
			.register(registry);
	}

	/** Record a step of the job with this key, without waiting for it to be stored. */
	public void record(String key, JobEvent event) {
		send(key, event, false);
	}

	/**
	 * Record the job's last step ({@code done}, {@code cancelled}, {@code dead-lettered})
	 * and wait for it to be stored, up to a bound.
	 */
	public void recordLast(String key, JobEvent event) {
		send(key, event, true);
	}

	private void send(String key, JobEvent step, boolean awaitStored) {
		if (!this.properties.enabled() || key == null) {
			return;
		}
		if (this.clock.instant().isBefore(this.pausedUntil)) {
			this.failed.increment();
			return;
		}
		JobEvent event = step.by(this.properties.consumerName(), step.worker(), step.attempt());
		try {
			CompletableFuture<?> sent = this.template
				.send(new ProducerRecord<>(QueueTopics.lifecycleTopicOf(event.topic()), key, JobEvents.toJson(event)));
			if (awaitStored) {
				sent.get(LAST_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				sent.whenComplete((result, failure) -> {
					if (failure != null) {
						failed(key, event, failure);
					}
				});
			}
		}
		catch (ExecutionException ex) {
			failed(key, event, ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			failed(key, event, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(key, event, ex);
		}
	}

	private void failed(String key, JobEvent event, Throwable failure) {
		this.failed.increment();
		String topic = QueueTopics.lifecycleTopicOf(event.topic());
		if (isMissingTopic(failure)) {
			this.pausedUntil = this.clock.instant().plus(PAUSE_WITHOUT_TOPIC);
			log.warn(
					"The lifecycle topic {} does not exist (or this consumer may not see it): job steps are not "
							+ "recorded for the next {} s. The producer creates it at startup; see docs/deploy.md",
					topic, PAUSE_WITHOUT_TOPIC.toSeconds());
			return;
		}
		log.warn("Could not record the {} step of job key={} partition={} offset={} on {}: {}",
				event.state().wireName(), key, event.partition(), event.offset(), topic, String.valueOf(failure));
	}

	private static boolean isMissingTopic(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException && cause.getMessage() != null
					&& cause.getMessage().contains("not present in metadata")) {
				return true;
			}
		}
		return false;
	}

}
