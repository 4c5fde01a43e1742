package com.example.mskqueue.producer.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;

/**
 * A job's recorded history, oldest first, and the state it is in: its newest step.
 * <p>
 * "Newest" is decided by cause before clock: the steps of one record come in the order
 * queued, then started and retrying, then how it ended (done, dead-lettered, cancelled),
 * then redriven; and a record at a later offset of the same partition (a redriven job
 * queued again) comes after every step of an earlier one. Only steps of records on
 * different partitions are ordered by their time. So a producer's and a consumer's clocks
 * that disagree by a little never make a done job look queued.
 *
 * @param key the job's key
 * @param state its state
 * @param batch its batch, or {@code null}
 * @param topic the work topic of its newest record
 * @param history every step, oldest first
 */
public record JobHistory(String key, JobState state, String batch, String topic, List<JobEvent> history) {

	/** The order of a job's steps. */
	public static final Comparator<JobEvent> ORDER = JobHistory::compare;

	/** The history made of these steps, in any order. */
	public static JobHistory of(String key, List<JobEvent> steps) {
		List<JobEvent> ordered = new ArrayList<>(steps);
		ordered.sort(ORDER);
		JobEvent newest = ordered.get(ordered.size() - 1);
		String batch = ordered.stream().map(JobEvent::batch).filter(Objects::nonNull).findFirst().orElse(null);
		return new JobHistory(key, newest.state(), batch, newest.topic(), List.copyOf(ordered));
	}

	private static int compare(JobEvent a, JobEvent b) {
		if (Objects.equals(a.topic(), b.topic()) && a.partition() == b.partition()) {
			int byOffset = Long.compare(a.offset(), b.offset());
			if (byOffset != 0) {
				return byOffset;
			}
			int byPhase = Integer.compare(phase(a.state()), phase(b.state()));
			if (byPhase != 0) {
				return byPhase;
			}
			// Tries of one record: the try's own steps in order, then the next try.
			int byTry = Integer.compare(Objects.requireNonNullElse(a.attempt(), 0),
					Objects.requireNonNullElse(b.attempt(), 0));
			if (byTry != 0) {
				return byTry;
			}
			int byStep = Integer.compare(a.state().ordinal(), b.state().ordinal());
			if (byStep != 0 && phase(a.state()) == 1) {
				return byStep;
			}
		}
		int byTime = a.at().compareTo(b.at());
		return (byTime != 0) ? byTime : Integer.compare(phase(a.state()), phase(b.state()));
	}

	/** Where a step falls among the steps of one record. */
	private static int phase(JobState state) {
		return switch (state) {
			case QUEUED -> 0;
			case STARTED, RETRYING -> 1;
			case DONE, DEAD_LETTERED, CANCELLED -> 2;
			case REDRIVEN -> 3;
		};
	}

}
