package com.example.mskqueue.consumer.job;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.lifecycle.JobLifecycle;
import com.example.mskqueue.contract.DeadLetterReasons;
import com.example.mskqueue.contract.InvalidValueException;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.PrintableText;

/**
 * Makes every dead letter visible, whichever mode wrote it: a WARN line with the job's
 * key, topic, partition, offset, reason and where it went (structured fields in the JSON
 * log), and the {@code msk.jobs.dead.lettered} counter tagged by reason.
 */
@Component
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final JobLifecycle lifecycle;

	DeadLetters(MeterRegistry registry, JobLifecycle lifecycle) {
		this.registry = registry;
		this.lifecycle = lifecycle;
	}

	/**
	 * Why {@code failure} sends a job to the dead-letter topic: the code of the rule an
	 * invalid value broke, else {@value DeadLetterReasons#FAILED}.
	 */
	public static String reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidValueException invalid) {
				return invalid.rule().code();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return DeadLetterReasons.FAILED;
	}

	/** Whether {@code failure} is an invalid value's, which is never retried. */
	public static boolean isInvalidValue(Throwable failure) {
		return !DeadLetterReasons.FAILED.equals(reasonOf(failure));
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
		this.lifecycle.recordLast(job.key(),
				job.event(JobState.DEAD_LETTERED, java.time.Instant.now()).because(reason));
	}

	private static String printable(Object value) {
		if (value instanceof byte[] bytes) {
			return PrintableText.of(new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8));
		}
		return PrintableText.of(String.valueOf(value));
	}

}
