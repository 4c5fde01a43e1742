package com.example.mskqueue.consumer.work;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import com.example.mskqueue.consumer.ecs.TaskProtection;

/**
 * Does one job, whatever delivered it: checks its value, does the work, and only then has the
 * delivery acknowledged. A job that fails is never acknowledged here; the caller's error handling
 * decides whether it is retried or dead-lettered.
 * <p>
 * Each job logs a start line, a done line once its work is done, and, once it is committed, one
 * {@code ALL_INFO} summary line (offset, partition, start, value, end) for log queries such as
 * CloudWatch Logs Insights.
 */
@Service
public class JobProcessor {

	private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

	private final JobParser parser;

	private final JobWork work;

	private final ApplicationEventPublisher events;

	private final TaskProtection protection;

	private final Clock clock;

	JobProcessor(JobParser parser, JobWork work, ApplicationEventPublisher events, TaskProtection protection) {
		this.parser = parser;
		this.work = work;
		this.events = events;
		this.protection = protection;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Do the job and then run {@code acknowledge}.
	 * @return whether the acknowledgement (the commit) succeeded; a job whose commit failed is
	 * done all the same and is not to be done again here
	 * @throws InvalidJobException if its value is not a valid job; it was not acknowledged
	 * @throws JobInterruptedException if the thread was interrupted mid-job; it was not
	 * acknowledged
	 */
	public boolean process(JobRecord job, Runnable acknowledge) {
		int seconds = this.parser.seconds(job.value());
		Instant started = this.clock.instant();
		log.info("Job started key={} value={} partition={} offset={}", job.key(), seconds, job.partition(), job.offset());
		this.protection.protect();
		boolean committed;
		try {
			this.work.perform(job, seconds);
			// Logged before the commit: a job killed between the two is done again, and counted twice.
			log.info("Job done key={} value={} partition={} offset={}", job.key(), seconds, job.partition(),
					job.offset());
			committed = commit(job, acknowledge);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException(job, ex);
		}
		finally {
			this.protection.release();
		}
		Instant ended = this.clock.instant();
		log.info("ALL_INFO offset={} partition={} start={} value={} end={} key={}", job.offset(), job.partition(), started,
				seconds, ended, job.key());
		this.events.publishEvent(
				new JobCompleted(job.topic(), job.partition(), job.offset(), job.key(), seconds, started, ended));
		return committed;
	}

	/**
	 * A job that is done must not be done again because its commit failed (a rebalance or a broker
	 * restart in between): the failure is logged and the job counts as done. The next commit on
	 * the partition covers its offset; if the partition moved to another member first, that member
	 * does the job again (at-least-once), which is the best Kafka offers here.
	 */
	private boolean commit(JobRecord job, Runnable acknowledge) {
		try {
			acknowledge.run();
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Job done but its commit failed; it may be done again: key={} partition={} offset={}: {}",
					job.key(), job.partition(), job.offset(), ex.toString());
			return false;
		}
	}

}
