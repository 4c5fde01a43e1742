package com.example.mskqueue.consumer.job;

/**
 * What a job does: the one piece of the consumer that is yours to write. The service's
 * own work is {@link SleepingJobWork}, which waits {@code seconds} work units; replace it
 * with a {@code @Primary} bean of this type (see {@link HttpCallJobWork} for a small,
 * real example, and docs/writing-jobs.md).
 * <p>
 * <b>Threads.</b> {@link #perform} runs for the consumer's workers ({@code WORKERS}, one
 * by default), one job per worker at a time, so an implementation shared by the workers
 * must be thread-safe. In group mode each job runs on a thread of its own (the worker's
 * consumer keeps polling meanwhile): keep nothing in thread-locals from one job to the
 * next. In group mode no two jobs of one partition run at once, and the jobs of a
 * partition run in order; in queue mode there is no order.
 * <p>
 * <b>Returning</b> means the job is done: the consumer records it as {@code done}, then
 * commits (group mode) or accepts (queue mode) its record.
 * <p>
 * <b>Throwing</b> means this try failed. The job is tried again after a back-off (0.5 s,
 * doubling, at most 5 s), by this consumer (group mode) or any member (queue mode), and
 * after its last try it goes to the dead-letter topic with reason {@code job-failed},
 * from where an operator can redrive it once the cause is fixed. Throw for failures that
 * another try may cure (a timeout, a 503); a job whose value breaks the job contract
 * never reaches this method.
 * <p>
 * <b>Interruption.</b> Honour {@link InterruptedException}: let it propagate from a
 * blocking call, or check {@link Thread#interrupted()} in a long loop. The consumer
 * interrupts a job in two cases: its batch was cancelled with "interrupt running jobs"
 * (the job is recorded as {@code cancelled} and settled, never tried again), or the
 * consumer is stopping and the job outlived the stop budget (the job is not settled and
 * another consumer does it again). A job that ignores the interruption and returns is
 * done.
 * <p>
 * <b>Twice.</b> Delivery is at least once: a consumer killed after the work but before
 * its commit or acceptance, or a lost record lock, makes another consumer do the job
 * again. Write work that is safe to run twice: make the effect idempotent (an upsert, a
 * request with an idempotency key such as {@link JobRecord#key()}), or check whether it
 * was already done.
 * <p>
 * <b>Time.</b> A job should end within the longest job, {@code 10 x WORK_UNIT}: the
 * group's {@code max.poll.interval.ms} and the stop budget are derived from it, and in
 * group mode a job that runs longer than the poll interval is taken away and done again
 * elsewhere. Give every remote call a timeout below it.
 */
public interface JobWork {

	/**
	 * Do the job. Return normally when it is done; throw to have it tried again (or
	 * dead-lettered once it has failed too often).
	 * @param job the job as delivered: its key, value, batch, position and try
	 * @param seconds its value, already checked against the job contract
	 * @throws InterruptedException if it was interrupted: its batch was cancelled, or the
	 * consumer is stopping
	 */
	void perform(JobRecord job, int seconds) throws InterruptedException;

}
