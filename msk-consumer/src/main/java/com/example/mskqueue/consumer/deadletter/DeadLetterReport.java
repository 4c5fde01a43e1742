package com.example.mskqueue.consumer.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.job.JobLog;
import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.PrintableText;

/**
 * Makes every dead letter visible, whichever mode wrote it: a WARN line with the job's
 * key, topic, partition, offset, reason and where it went (structured fields in the JSON
 * log), and the {@code msk.jobs.dead.lettered} counter tagged by reason.
 */
@Component
public class DeadLetterReport {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReport.class);

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final JobLifecycle lifecycle;

	DeadLetterReport(MeterRegistry registry, JobLifecycle lifecycle) {
		this.registry = registry;
		this.lifecycle = lifecycle;
	}

	/** A dead letter of {@code record} was stored in {@code deadLetterTopic}. */
	public void stored(ConsumerRecord<?, ?> record, String reason, String deadLetterTopic, Throwable failure) {
		this.counters
			.computeIfAbsent(reason,
					(code) -> Counter.builder("msk.jobs.dead.lettered")
						.description("Jobs sent to the dead-letter topic, by reason")
						.tag("reason", code)
						.register(this.registry))
			.increment();
		JobLog.of(log.atWarn(), "job-dead-lettered", record)
			.addKeyValue("dead_letter.reason", reason)
			.addKeyValue("dead_letter.topic", deadLetterTopic)
			.log("Job dead-lettered key={} topic={} partition={} offset={} reason={} value='{}' to {}: {}",
					record.key(), record.topic(), record.partition(), record.offset(), reason,
					printable(record.value()), deadLetterTopic, (failure != null) ? failure.getMessage() : "");
		JobRecord job = JobRecord.of(record);
		this.lifecycle.recordLast(job.key(), job.event(JobState.DEAD_LETTERED, java.time.Instant.now()).because(reason))
			.await();
	}

	private static String printable(Object value) {
		if (value instanceof byte[] bytes) {
			return PrintableText.of(new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8));
		}
		return PrintableText.of(String.valueOf(value));
	}

}
