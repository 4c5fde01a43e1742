package com.example.mskqueue.contract;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One step of a job's lifecycle: the value of a record on the work topic's lifecycle
 * topic ({@link QueueTopics#lifecycleTopicOf}), keyed by the job's key. Consumers write
 * {@code started}, {@code retrying}, {@code done}, {@code dead-lettered} and
 * {@code cancelled}; the producer writes {@code redriven}; {@code queued} is the work
 * record itself. Fields that do not apply to a state are {@code null}.
 *
 * @param state what happened
 * @param at when it happened
 * @param topic the work topic of the record it happened to
 * @param partition the record's partition
 * @param offset the record's offset
 * @param batch the record's batch ({@code batch-id} header), if it has one
 * @param consumer the consumer process ({@code started}, {@code done}, ...)
 * @param worker the worker thread within it
 * @param attempt the try: group mode's delivery attempt, queue mode's delivery count
 * @param startedAt when the work started ({@code done}, {@code cancelled} mid-run)
 * @param waitMillis from the record's timestamp to the start ({@code started},
 * {@code done})
 * @param runMillis from the start to the end of the work ({@code done})
 * @param reason why ({@code retrying}, {@code dead-lettered}, {@code cancelled})
 * @param redrive the redrive that put it back ({@code redriven})
 */
public record JobEvent(JobState state, Instant at, String topic, int partition, long offset, String batch,
		String consumer, String worker, Integer attempt, Instant startedAt, Long waitMillis, Long runMillis,
		String reason, String redrive) {

	/** An event of {@code state} for the record at this position. */
	public static JobEvent of(JobState state, Instant at, String topic, int partition, long offset, String batch) {
		return new JobEvent(state, at, topic, partition, offset, batch, null, null, null, null, null, null, null, null);
	}

	/** The same event, done by this consumer's worker on this try. */
	public JobEvent by(String consumer, String worker, Integer attempt) {
		return new JobEvent(this.state, this.at, this.topic, this.partition, this.offset, this.batch, consumer, worker,
				attempt, this.startedAt, this.waitMillis, this.runMillis, this.reason, this.redrive);
	}

	/** The same event, with its timing. */
	public JobEvent timed(Instant startedAt, Long waitMillis, Long runMillis) {
		return new JobEvent(this.state, this.at, this.topic, this.partition, this.offset, this.batch, this.consumer,
				this.worker, this.attempt, (startedAt != null) ? startedAt.truncatedTo(ChronoUnit.MILLIS) : null,
				waitMillis, runMillis, this.reason, this.redrive);
	}

	/** The same event, for this reason. */
	public JobEvent because(String reason) {
		return new JobEvent(this.state, this.at, this.topic, this.partition, this.offset, this.batch, this.consumer,
				this.worker, this.attempt, this.startedAt, this.waitMillis, this.runMillis, reason, this.redrive);
	}

	/** The same event, by this redrive. */
	public JobEvent redrive(String redriveId) {
		return new JobEvent(this.state, this.at, this.topic, this.partition, this.offset, this.batch, this.consumer,
				this.worker, this.attempt, this.startedAt, this.waitMillis, this.runMillis, this.reason, redriveId);
	}

}
