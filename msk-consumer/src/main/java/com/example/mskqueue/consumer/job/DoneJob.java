package com.example.mskqueue.consumer.job;

import java.time.Instant;

import com.example.mskqueue.consumer.lifecycle.JobLifecycle;

/**
 * A job whose work is over and whose delivery is yet to be settled (committed or
 * accepted): done, or cancelled with its batch.
 *
 * @param job the job as delivered
 * @param seconds its value ({@code -1} for a job cancelled before its value was read)
 * @param started when its work started, or {@code null} if it never started
 * @param workEnded when its work ended, or {@code null} if it never started
 * @param cancelled whether its batch was cancelled: it was not run, or stopped mid-run
 * @param lastStep its last lifecycle step on its way, waited for once it is settled, or
 * {@code null}
 */
public record DoneJob(JobRecord job, int seconds, Instant started, Instant workEnded, boolean cancelled,
		JobLifecycle.Recording lastStep) {

	/** A job whose work is done. */
	public DoneJob(JobRecord job, int seconds, Instant started, Instant workEnded) {
		this(job, seconds, started, workEnded, false, null);
	}

	/** The same job, with its last step on its way to the lifecycle topic. */
	DoneJob recording(JobLifecycle.Recording step) {
		return new DoneJob(this.job, this.seconds, this.started, this.workEnded, this.cancelled, step);
	}

}
