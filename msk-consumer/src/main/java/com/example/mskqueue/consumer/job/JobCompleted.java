package com.example.mskqueue.consumer.job;

import java.time.Instant;

/**
 * Published as an application event once a job is done and its delivery settled.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param key its key
 * @param seconds its value
 * @param started when the work started
 * @param ended when the delivery was settled
 * @param acknowledged whether the settlement succeeded
 */
public record JobCompleted(String topic, int partition, long offset, String key, int seconds, Instant started,
		Instant ended, boolean acknowledged) {
}
