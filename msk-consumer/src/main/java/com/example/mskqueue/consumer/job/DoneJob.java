package com.example.mskqueue.consumer.job;

import java.time.Instant;

/**
 * A job whose work is done and whose delivery is yet to be settled (committed or
 * accepted).
 *
 * @param job the job as delivered
 * @param seconds its value
 * @param started when its work started
 * @param workEnded when its work ended
 */
public record DoneJob(JobRecord job, int seconds, Instant started, Instant workEnded) {
}
