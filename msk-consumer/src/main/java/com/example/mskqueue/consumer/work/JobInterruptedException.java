package com.example.mskqueue.consumer.work;

/**
 * A job was interrupted before it was done; it was not acknowledged and will be delivered again.
 */
public class JobInterruptedException extends RuntimeException {

	JobInterruptedException(JobRecord job, InterruptedException cause) {
		super("Interrupted during job key=" + job.key() + " partition=" + job.partition() + " offset=" + job.offset(),
				cause);
	}

}
