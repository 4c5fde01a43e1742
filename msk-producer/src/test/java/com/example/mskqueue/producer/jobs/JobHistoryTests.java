package com.example.mskqueue.producer.jobs;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;

import static org.assertj.core.api.Assertions.assertThat;

class JobHistoryTests {

	private static final Instant T = Instant.parse("2026-12-04T19:00:00Z");

	@Test
	void aDoneJobIsDoneEvenWhenTheProducersClockRanAheadOfTheConsumers() {
		// The work record's timestamp is the producer's clock; the steps are the
		// consumer's.
		JobEvent queued = step(JobState.QUEUED, T.plusMillis(300), 5, null);
		JobEvent started = step(JobState.STARTED, T, 5, 1);
		JobEvent done = step(JobState.DONE, T.plusMillis(10), 5, 1);

		JobHistory job = JobHistory.of("k", List.of(done, queued, started));

		assertThat(job.state()).isEqualTo(JobState.DONE);
		assertThat(job.history()).extracting(JobEvent::state)
			.containsExactly(JobState.QUEUED, JobState.STARTED, JobState.DONE);
	}

	@Test
	void triesOfOneRecordComeInOrderThenHowItEnded() {
		List<JobEvent> steps = List.of(step(JobState.DEAD_LETTERED, T.plusSeconds(3), 5, 2),
				step(JobState.RETRYING, T.plusSeconds(2), 5, 2), step(JobState.STARTED, T.plusSeconds(1), 5, 2),
				step(JobState.RETRYING, T.plusMillis(900), 5, 1), step(JobState.STARTED, T, 5, 1),
				step(JobState.QUEUED, T, 5, null));

		assertThat(JobHistory.of("k", steps).history()).extracting(JobEvent::state)
			.containsExactly(JobState.QUEUED, JobState.STARTED, JobState.RETRYING, JobState.STARTED, JobState.RETRYING,
					JobState.DEAD_LETTERED);
	}

	@Test
	void aRedrivenJobsNewRecordComesAfterEverythingThatHappenedToItsFirst() {
		List<JobEvent> steps = List.of(step(JobState.DONE, T.plusSeconds(11), 9, 1),
				step(JobState.STARTED, T.plusSeconds(10), 9, 1), step(JobState.QUEUED, T.plusSeconds(9), 9, null),
				step(JobState.REDRIVEN, T.plusSeconds(9), 5, null),
				step(JobState.DEAD_LETTERED, T.plusSeconds(1), 5, 1), step(JobState.STARTED, T, 5, 1),
				step(JobState.QUEUED, T, 5, null));

		JobHistory job = JobHistory.of("k", steps);

		assertThat(job.state()).isEqualTo(JobState.DONE);
		assertThat(job.history()).extracting(JobEvent::state)
			.containsExactly(JobState.QUEUED, JobState.STARTED, JobState.DEAD_LETTERED, JobState.REDRIVEN,
					JobState.QUEUED, JobState.STARTED, JobState.DONE);
	}

	@Test
	void theBatchIsTheFirstOneAnyStepNames() {
		JobEvent queued = JobEvent.of(JobState.QUEUED, T, "jobs", 0, 1, "b-1");
		JobEvent started = JobEvent.of(JobState.STARTED, T.plusSeconds(1), "jobs", 0, 1, null);

		assertThat(JobHistory.of("k", List.of(started, queued)).batch()).isEqualTo("b-1");
	}

	private static JobEvent step(JobState state, Instant at, long offset, Integer attempt) {
		return JobEvent.of(state, at, "jobs", 0, offset, null).by(null, null, attempt);
	}

}
