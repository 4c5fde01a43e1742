package com.example.mskqueue.consumer.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import com.example.mskqueue.consumer.ecs.TaskProtection;
import com.example.mskqueue.consumer.lifecycle.Cancellations;
import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.consumer.lifecycle.RunningJobs;
import com.example.mskqueue.contract.InvalidValueException;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.JobValue;

/**
 * Does one job, whatever delivered it, in two steps the listener of each mode calls
 * around its own way of settling a delivery: {@link #run} checks the value and does the
 * work; {@link #settled} (or {@link #settlementFailed}) records that the delivery was
 * committed (group mode) or accepted (queue mode), or could not be. The ECS task is
 * protected from scale-in from the start of the work until the settlement.
 * <p>
 * A job of a cancelled batch is not run: {@link #run} returns it as cancelled, to be
 * settled like a done job (never dead-lettered). A running job that its batch's
 * cancellation interrupts is returned the same way.
 * <p>
 * Each job logs two events: {@code job-started}, and {@code job-done} once its work is
 * done, which carries what a log query needs (key, partition, offset, value, start time
 * and duration). It times each job: {@code msk.job.wait} (from the record's timestamp to
 * the start), {@code msk.job.run} (the work) and {@code msk.job.total}, with percentile
 * histograms.
 */
@Service
public class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobWork work;

	private final ApplicationEventPublisher events;

	private final TaskProtection protection;

	private final JobLifecycle lifecycle;

	private final Cancellations cancellations;

	private final RunningJobs running;

	private final Timer waitTime;

	private final Timer runTime;

	private final Timer totalTime;

	private final Counter cancelled;

	private final Clock clock = Clock.systemUTC();

	JobRunner(JobWork work, ApplicationEventPublisher events, TaskProtection protection, JobLifecycle lifecycle,
			Cancellations cancellations, RunningJobs running, MeterRegistry registry) {
		this.work = work;
		this.events = events;
		this.protection = protection;
		this.lifecycle = lifecycle;
		this.cancellations = cancellations;
		this.running = running;
		this.waitTime = timer(registry, "msk.job.wait", "From a job's record timestamp to the start of its work");
		this.runTime = timer(registry, "msk.job.run", "From the start of a job's work to its end");
		this.totalTime = timer(registry, "msk.job.total", "From a job's record timestamp to the end of its work");
		this.cancelled = Counter.builder("msk.jobs.cancelled")
			.description("Jobs settled without being done because their batch was cancelled")
			.register(registry);
	}

	private static Timer timer(MeterRegistry registry, String name, String description) {
		return Timer.builder(name).description(description).publishPercentileHistogram().register(registry);
	}

	/**
	 * Check the job's value and do its work, unless its batch is cancelled.
	 * @param job the job as delivered
	 * @return the job, done or cancelled, to be settled and then passed to
	 * {@link #settled}
	 * @throws InvalidValueException if its value is not a job (not retried: dead-letter
	 * it)
	 * @throws JobInterruptedException if the thread was interrupted mid-job (a stop)
	 */
	public DoneJob run(JobRecord job) {
		if (this.cancellations.isCancelled(job.batch())) {
			return cancelled(new DoneJob(job, -1, null, null, true, null));
		}
		int seconds = JobValue.seconds(job.value());
		Instant started = this.clock.instant();
		JobLog.of(log.atInfo(), "job-started", job)
			.addKeyValue("job.seconds", seconds)
			.log("Job started key={} value={} partition={} offset={}", job.key(), seconds, job.partition(),
					job.offset());
		if (job.timestamp() != null) {
			this.waitTime.record(since(job.timestamp(), started));
		}
		this.lifecycle.record(job.key(),
				job.event(JobState.STARTED, started).timed(null, waitMillis(job, started), null));
		this.protection.jobStarted();
		RunningJobs.Running work = this.running.start(job.batch(), job.describe());
		boolean interruptedByCancel;
		try {
			this.work.perform(job, seconds);
			interruptedByCancel = work.end();
		}
		catch (InterruptedException ex) {
			if (work.end()) {
				return cancelled(new DoneJob(job, seconds, started, this.clock.instant(), true, null));
			}
			this.protection.jobEnded();
			Thread.currentThread().interrupt();
			throw new JobInterruptedException(job, ex);
		}
		catch (RuntimeException | Error ex) {
			work.end();
			this.protection.jobEnded();
			throw ex;
		}
		// Logged before the settlement: a job killed between the two is done again, and
		// counted twice.
		Instant ended = this.clock.instant();
		Duration ran = Duration.between(started, ended);
		JobLog.of(log.atInfo(), "job-done", job)
			.addKeyValue("job.seconds", seconds)
			.addKeyValue("job.started", started)
			.addKeyValue("job.duration_ms", ran.toMillis())
			.log("Job done key={} value={} partition={} offset={}", job.key(), seconds, job.partition(), job.offset());
		this.runTime.record(ran);
		if (job.timestamp() != null) {
			this.totalTime.record(since(job.timestamp(), ended));
		}
		// A job that finished although its cancellation interrupted it is done.
		DoneJob done = new DoneJob(job, seconds, started, ended, false, null);
		if (interruptedByCancel) {
			log.info("Job key={} finished although its batch's cancellation interrupted it", job.key());
		}
		return done.recording(this.lifecycle.recordLast(job.key(),
				job.event(JobState.DONE, ended).timed(started, waitMillis(job, started), ran.toMillis())));
	}

	private static Long waitMillis(JobRecord job, Instant started) {
		return (job.timestamp() != null) ? since(job.timestamp(), started).toMillis() : null;
	}

	/** From a record's timestamp, which another machine's clock set, never negative. */
	private static Duration since(Instant queued, Instant now) {
		Duration elapsed = Duration.between(queued, now);
		return elapsed.isNegative() ? Duration.ZERO : elapsed;
	}

	private DoneJob cancelled(DoneJob done) {
		JobRecord job = done.job();
		this.cancelled.increment();
		JobLog.of(log.atInfo(), "job-cancelled", job)
			.addKeyValue("job.batch", job.batch())
			.log("Job cancelled key={} partition={} offset={}: batch {} is cancelled{}", job.key(), job.partition(),
					job.offset(), job.batch(), (done.started() != null) ? ", interrupted mid-run" : "");
		JobEvent event = job.event(JobState.CANCELLED, this.clock.instant()).because("batch cancelled");
		if (done.started() != null) {
			event = event.timed(done.started(), waitMillis(job, done.started()),
					Duration.between(done.started(), done.workEnded()).toMillis());
		}
		return done.recording(this.lifecycle.recordLast(job.key(), event));
	}

	/**
	 * The delivery of a done (or cancelled) job is settled: committed (group mode) or
	 * accepted (queue mode).
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
		if (done.lastStep() != null) {
			done.lastStep().await();
		}
		if (done.started() != null) {
			this.protection.jobEnded();
		}
		JobRecord job = done.job();
		this.events.publishEvent(new JobCompleted(job.topic(), job.partition(), job.offset(), job.key(), done.seconds(),
				done.started(), this.clock.instant(), acknowledged, done.cancelled()));
	}

}
