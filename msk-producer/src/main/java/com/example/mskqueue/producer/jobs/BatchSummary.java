package com.example.mskqueue.producer.jobs;

import java.time.Instant;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobState;

/**
 * A batch as the recorded lifecycle shows it: its jobs on the work topic, counted by the
 * state they are in.
 *
 * @param id the batch's id (the {@code batch-id} header of its jobs)
 * @param topic the work topic
 * @param firstQueued when its first job was queued
 * @param sent its jobs on the work topic
 * @param queued jobs waiting (queued, retrying or redriven)
 * @param running jobs a consumer has started
 * @param done jobs done
 * @param deadLettered jobs in the dead-letter topic
 * @param cancelled jobs settled as cancelled
 * @param cancellation the batch's cancellation, or {@code null}
 */
public record BatchSummary(String id, String topic, Instant firstQueued, long sent, long queued, long running,
		long done, long deadLettered, long cancelled, BatchCancellation cancellation) {

	/** Whether every job of the batch has ended (done, dead-lettered or cancelled). */
	public boolean complete() {
		return this.sent > 0 && this.done + this.deadLettered + this.cancelled >= this.sent;
	}

	/** What the pages say of it. */
	public String stateText() {
		if (complete()) {
			return (this.cancellation != null) ? "cancelled" : "done";
		}
		if (this.cancellation != null) {
			return "cancelling";
		}
		return (this.running > 0 || this.done + this.deadLettered > 0) ? "in progress" : "queued";
	}

	/** The count a job in {@code state} adds to: 0 queued, 1 running, 2 done, ... */
	static int column(JobState state) {
		return switch (state) {
			case QUEUED, RETRYING, REDRIVEN -> 0;
			case STARTED -> 1;
			case DONE -> 2;
			case DEAD_LETTERED -> 3;
			case CANCELLED -> 4;
		};
	}

}
