package com.example.mskqueue.consumer.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The structured fields of a job's log events: in the JSON log of the {@code msk} profile
 * each event carries {@code event.action} and the job's key, topic, partition and offset
 * as fields of their own, so that log queries (CloudWatch Logs Insights) and the system
 * tests read fields, not message text.
 */
public final class JobLog {

	/** The field that names what happened: {@code job-started}, {@code job-done}, ... */
	public static final String ACTION = "event.action";

	private JobLog() {
	}

	/**
	 * {@code event} with the action and the job's fields added, its try
	 * ({@code job.attempt}) among them where known: a job started again on a later try or
	 * delivery says so.
	 */
	public static LoggingEventBuilder of(LoggingEventBuilder event, String action, JobRecord job) {
		return withAttempt(of(event, action, job.topic(), job.partition(), job.offset(), job.key()), job.attempt());
	}

	/** {@code event} with the action and the record's fields added, as for a job. */
	public static LoggingEventBuilder of(LoggingEventBuilder event, String action, ConsumerRecord<?, ?> record) {
		return withAttempt(
				of(event, action, record.topic(), record.partition(), record.offset(), String.valueOf(record.key())),
				JobRecord.attempt(record));
	}

	/**
	 * {@code event} with the action and a record's position, for events that know no more
	 * of the record (the broker's answer to an acknowledgement).
	 */
	public static LoggingEventBuilder of(LoggingEventBuilder event, String action, String topic, int partition,
			long offset) {
		return event.addKeyValue(ACTION, action)
			.addKeyValue("job.topic", topic)
			.addKeyValue("job.partition", partition)
			.addKeyValue("job.offset", offset);
	}

	private static LoggingEventBuilder withAttempt(LoggingEventBuilder event, Integer attempt) {
		return (attempt != null) ? event.addKeyValue("job.attempt", attempt) : event;
	}

	private static LoggingEventBuilder of(LoggingEventBuilder event, String action, String topic, int partition,
			long offset, String key) {
		return of(event.addKeyValue("job.key", key), action, topic, partition, offset);
	}

}
