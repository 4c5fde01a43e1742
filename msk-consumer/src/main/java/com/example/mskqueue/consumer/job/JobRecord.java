package com.example.mskqueue.consumer.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

import org.springframework.kafka.support.KafkaHeaders;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobState;

/**
 * A job as it came off the topic, before its value is checked.
 *
 * @param topic the topic it came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key (a UUID when the producer sent it)
 * @param value its raw value, which may be anything
 * @param batch its batch ({@code batch-id} header), or {@code null}
 * @param timestamp when it was queued (the record's create time), or {@code null}
 * @param attempt which try this is (group mode's delivery attempt, queue mode's delivery
 * count), or {@code null} when unknown
 */
public record JobRecord(String topic, int partition, long offset, String key, byte[] value, String batch,
		Instant timestamp, Integer attempt) {

	public static JobRecord of(ConsumerRecord<?, ?> record) {
		Header batch = record.headers().lastHeader(JobHeaders.BATCH_ID);
		Instant timestamp = (record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE && record.timestamp() >= 0)
				? Instant.ofEpochMilli(record.timestamp()) : null;
		return new JobRecord(record.topic(), record.partition(), record.offset(),
				(record.key() != null) ? record.key().toString() : null,
				(record.value() instanceof byte[] bytes) ? bytes : null,
				(batch != null) ? new String(batch.value(), StandardCharsets.UTF_8) : null, timestamp, attempt(record));
	}

	/**
	 * A step of this job's lifecycle, happening now on this thread.
	 */
	public JobEvent event(JobState state, Instant at) {
		return JobEvent.of(state, at, this.topic, this.partition, this.offset, this.batch)
			.by(null, Thread.currentThread().getName(), this.attempt);
	}

	/** How the log names this job. */
	public String describe() {
		return "key=" + this.key + " partition=" + this.partition + " offset=" + this.offset;
	}

	/** Which try this is, or {@code null} when the record does not say. */
	static Integer attempt(ConsumerRecord<?, ?> record) {
		if (record.deliveryCount().isPresent()) {
			return (int) record.deliveryCount().get();
		}
		Header attempt = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
		return (attempt != null && attempt.value().length == Integer.BYTES)
				? java.nio.ByteBuffer.wrap(attempt.value()).getInt() : null;
	}

}
