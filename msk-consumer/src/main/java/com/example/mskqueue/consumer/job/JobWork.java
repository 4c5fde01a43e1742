package com.example.mskqueue.consumer.job;

/**
 * What a job does. The service's own work is {@link SleepingJobWork}, which waits;
 * replace it with real work (a {@code @Primary} bean of this type, or edit it). It runs
 * on the consumer's worker threads ({@code WORKERS}, one by default), one job per thread
 * at a time.
 */
public interface JobWork {

	/**
	 * Do the job. Return normally when it is done; throw to have it tried again (or
	 * dead-lettered once it has failed too often).
	 * @param job the job as delivered
	 * @param seconds its value, already checked
	 * @throws InterruptedException if the consumer is stopped forcibly; the job is tried
	 * again
	 */
	void perform(JobRecord job, int seconds) throws InterruptedException;

}
