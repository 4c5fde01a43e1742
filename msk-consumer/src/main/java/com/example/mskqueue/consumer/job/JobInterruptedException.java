package com.example.mskqueue.consumer.job;

/**
 * A job was interrupted before it was done; it was not settled and will be delivered
 * again.
 */
public class JobInterruptedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public JobInterruptedException(JobRecord job, InterruptedException cause) {
		super("Interrupted during job key=" + job.key() + " partition=" + job.partition() + " offset=" + job.offset(),
				cause);
	}

}
