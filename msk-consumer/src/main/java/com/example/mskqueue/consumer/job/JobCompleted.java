package com.example.mskqueue.consumer.job;

import java.time.Instant;

/**
 * Published as an application event once a job is done (or cancelled) and its delivery
 * settled.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param key its key
 * @param seconds its value ({@code -1} for a job cancelled before its value was read)
 * @param started when the work started ({@code null}: cancelled before it started)
 * @param ended when the delivery was settled
 * @param acknowledged whether the settlement succeeded
 * @param cancelled whether its batch was cancelled instead of the job being done
 */
public record JobCompleted(String topic, int partition, long offset, String key, int seconds, Instant started,
		Instant ended, boolean acknowledged, boolean cancelled) {
}
