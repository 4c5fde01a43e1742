package com.example.mskqueue.consumer.work;

import java.time.Instant;

/**
 * Published as an application event once a job is done and acknowledged.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param key its key
 * @param seconds its value
 * @param started when the work started
 * @param ended when the job was acknowledged
 */
public record JobCompleted(String topic, int partition, long offset, String key, int seconds, Instant started,
		Instant ended) {
}
