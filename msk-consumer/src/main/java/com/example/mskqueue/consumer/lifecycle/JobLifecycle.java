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
 * A job's last step ({@code done}, {@code cancelled}, {@code dead-lettered}) is sent
 * before its delivery is settled, and its storage waited for right after the settlement
 * ({@link #recordLast}), so that the two round trips overlap: a job's history says how it
 * ended by the time its listener takes the next job. A consumer killed before the
 * settlement does the job again, which its history then shows. The other steps are sent
 * without waiting. Recording never stops a job: an event the cluster does not take is
 * logged and counted ({@code msk.lifecycle.events.failed}), and the job goes on.
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
		Recording recording = send(key, event);
		if (recording.sent != null) {
			recording.sent.whenComplete((result, failure) -> {
				if (failure != null) {
					failed(key, recording.event, failure);
				}
			});
		}
	}

	/**
	 * Record the job's last step ({@code done}, {@code cancelled},
	 * {@code dead-lettered}), to be waited for with {@link Recording#await()}: the
	 * listener sends it before it settles the job, and waits for it after, so that the
	 * two round trips overlap.
	 */
	public Recording recordLast(String key, JobEvent event) {
		return send(key, event);
	}

	private Recording send(String key, JobEvent step) {
		if (!this.properties.enabled() || key == null) {
			return new Recording(key, step, null);
		}
		if (this.clock.instant().isBefore(this.pausedUntil)) {
			this.failed.increment();
			return new Recording(key, step, null);
		}
		JobEvent event = step.by(this.properties.consumerName(), step.worker(), step.attempt());
		try {
			return new Recording(key, event, this.template
				.send(new ProducerRecord<>(QueueTopics.lifecycleTopicOf(event.topic()), key, JobEvents.toJson(event))));
		}
		catch (RuntimeException ex) {
			failed(key, event, ex);
			return new Recording(key, event, null);
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

	/** A step on its way to the lifecycle topic. */
	public final class Recording {

		private final String key;

		private final JobEvent event;

		private final CompletableFuture<?> sent;

		private Recording(String key, JobEvent event, CompletableFuture<?> sent) {
			this.key = key;
			this.event = event;
			this.sent = sent;
		}

		/**
		 * Wait, up to {@link JobLifecycle#LAST_STEP_TIMEOUT}, for the step to be stored;
		 * a step that is not is logged and counted, and the job goes on.
		 */
		public void await() {
			if (this.sent == null) {
				return;
			}
			try {
				this.sent.get(LAST_STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				failed(this.key, this.event, ex.getCause());
			}
			catch (TimeoutException ex) {
				failed(this.key, this.event, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failed(this.key, this.event, ex);
			}
		}

	}

}
