package com.example.mskqueue.consumer.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import com.example.mskqueue.consumer.ecs.TaskProtection;
import com.example.mskqueue.contract.InvalidValueException;
import com.example.mskqueue.contract.JobValue;

/**
 * Does one job, whatever delivered it, in two steps the listener of each mode calls
 * around its own way of settling a delivery: {@link #run} checks the value and does the
 * work; {@link #settled} (or {@link #settlementFailed}) records that the delivery was
 * committed (group mode) or accepted (queue mode), or could not be. The ECS task is
 * protected from scale-in from the start of the work until the settlement.
 * <p>
 * Each job logs two events: {@code job-started}, and {@code job-done} once its work is
 * done, which carries what a log query needs (key, partition, offset, value, start time
 * and duration).
 */
@Service
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobWork work;

	private final ApplicationEventPublisher events;

	private final TaskProtection protection;

	private final Timer jobTime;

	private final Clock clock = Clock.systemUTC();

	JobRunner(JobWork work, ApplicationEventPublisher events, TaskProtection protection, MeterRegistry registry) {
		this.work = work;
		this.events = events;
		this.protection = protection;
		this.jobTime = Timer.builder("msk.jobs.duration")
			.description("Time from a job's start to its settlement")
			.register(registry);
	}

	/**
	 * Check the job's value and do its work.
	 * @param job the job as delivered
	 * @return the done job, to be settled and then passed to {@link #settled}
	 * @throws InvalidValueException if its value is not a job (not retried: dead-letter
	 * it)
	 * @throws JobInterruptedException if the thread was interrupted mid-job
	 */
	public DoneJob run(JobRecord job) {
		int seconds = JobValue.seconds(job.value());
		Instant started = this.clock.instant();
		JobLog.of(log.atInfo(), "job-started", job)
			.addKeyValue("job.seconds", seconds)
			.log("Job started key={} value={} partition={} offset={}", job.key(), seconds, job.partition(),
					job.offset());
		this.protection.jobStarted();
		try {
			this.work.perform(job, seconds);
		}
		catch (InterruptedException ex) {
			this.protection.jobEnded();
			Thread.currentThread().interrupt();
			throw new JobInterruptedException(job, ex);
		}
		catch (RuntimeException | Error ex) {
			this.protection.jobEnded();
			throw ex;
		}
		// Logged before the settlement: a job killed between the two is done again, and
		// counted twice.
		Instant ended = this.clock.instant();
		JobLog.of(log.atInfo(), "job-done", job)
			.addKeyValue("job.seconds", seconds)
			.addKeyValue("job.started", started)
			.addKeyValue("job.duration_ms", Duration.between(started, ended).toMillis())
			.log("Job done key={} value={} partition={} offset={}", job.key(), seconds, job.partition(), job.offset());
		return new DoneJob(job, seconds, started, ended);
	}

	/**
	 * The delivery of a done job is settled: committed (group mode) or accepted (queue
	 * mode).
	 */
	public void settled(DoneJob done) {
		complete(done, true);
	}

	/**
	 * The delivery of a done job could not be settled: the job is done all the same, and
	 * may be done again elsewhere (a rebalance moved its partition, or its record lock
	 * was lost).
	 * @param done the job
	 * @param why what went wrong, for the log
	 */
	public void settlementFailed(DoneJob done, String why) {
		JobRecord job = done.job();
		JobLog.of(log.atWarn(), "job-settlement-failed", job)
			.log("Job done but its delivery could not be settled; it may be done again: key={} partition={} "
					+ "offset={}: {}", job.key(), job.partition(), job.offset(), why);
		complete(done, false);
	}

	private void complete(DoneJob done, boolean acknowledged) {
		this.protection.jobEnded();
		JobRecord job = done.job();
		Instant ended = this.clock.instant();
		this.jobTime.record(Duration.between(done.started(), ended));
		this.events.publishEvent(new JobCompleted(job.topic(), job.partition(), job.offset(), job.key(), done.seconds(),
				done.started(), ended, acknowledged));
	}

}
