package com.example.mskqueue.consumer.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A job as it came off the topic, before its value is checked.
 *
 * @param topic the topic it came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key (a UUID when the producer sent it)
 * @param value its raw value, which may be anything
 */
public record JobRecord(String topic, int partition, long offset, String key, byte[] value) {

	public static JobRecord of(ConsumerRecord<String, byte[]> record) {
		return new JobRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value());
	}

}
