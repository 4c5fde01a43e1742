package com.example.mskqueue.consumer.work;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * Refuses to start when {@code max.poll.interval.ms} could expire during the longest job the
 * consumer accepts. An expiry makes the group revoke the job's partition mid-job: its commit fails
 * with {@code CommitFailedException} and the job runs again on another member, the loop the
 * original setup fell into.
 */
@Component
class PollIntervalCheck implements InitializingBean {

	/** Room for a dead-letter publication, a commit and a poll after the longest job. */
	static final Duration HEADROOM = Duration.ofSeconds(30);

	private static final long KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

	private final ConsumerProperties jobs;

	private final KafkaProperties kafka;

	PollIntervalCheck(ConsumerProperties jobs, KafkaProperties kafka) {
		this.jobs = jobs;
		this.kafka = kafka;
	}

	@Override
	public void afterPropertiesSet() {
		Object configured = this.kafka.getConsumer().getProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
		Duration maxPollInterval = Duration.ofMillis((configured != null) ? Long.parseLong(configured.toString())
				: KAFKA_DEFAULT_MAX_POLL_INTERVAL_MS);
		Duration needed = this.jobs.longestJob().plus(HEADROOM);
		if (maxPollInterval.compareTo(needed) < 0) {
			throw new IllegalStateException(("max.poll.interval.ms is %d ms, but the longest job (%d x %s) takes %d ms; "
					+ "set spring.kafka.consumer.properties.max.poll.interval.ms (MAX_POLL_INTERVAL_MS) to at least %d ms "
					+ "or lower jobs.max-job-seconds / WORK_UNIT")
				.formatted(maxPollInterval.toMillis(), this.jobs.maxJobSeconds(), this.jobs.workUnit(),
						this.jobs.longestJob().toMillis(), needed.toMillis()));
		}
	}

}
