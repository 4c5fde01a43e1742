package com.example.mskqueue.producer.jobs;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;

import static org.assertj.core.api.Assertions.assertThat;

class JobStoreTests {

	private static final Instant T = Instant.parse("2026-12-04T19:00:00Z");

	@TempDir
	Path dir;

	JobStore store;

	@BeforeEach
	void open() {
		this.store = JobStore.create(this.dir.resolve("jobs.mv.db"));
	}

	@AfterEach
	void close() {
		this.store.close();
	}

	@Test
	void aBatchCountsEachOfItsJobsOnceInTheStateItIsIn() {
		for (int i = 0; i < 4; i++) {
			this.store.apply("k" + i, JobEvent.of(JobState.QUEUED, T, "jobs", 0, i, "b"));
		}
		this.store.apply("k0", step(JobState.STARTED, 0, "consumer"));
		this.store.apply("k1", step(JobState.STARTED, 1, "consumer"));
		this.store.apply("k1", step(JobState.DONE, 1, "consumer"));
		this.store.apply("k2", step(JobState.CANCELLED, 2, "consumer"));

		BatchSummary batch = this.store.batch("b").orElseThrow();

		assertThat(batch.sent()).isEqualTo(4);
		assertThat(batch.queued()).isEqualTo(1);
		assertThat(batch.running()).isEqualTo(1);
		assertThat(batch.done()).isEqualTo(1);
		assertThat(batch.cancelled()).isEqualTo(1);
		assertThat(batch.complete()).isFalse();
		assertThat(batch.topic()).isEqualTo("jobs");
	}

	@Test
	void aStepThatArrivesBeforeItsWorkRecordStillCountsOnceInItsBatch() {
		this.store.apply("k", step(JobState.DONE, 0, "consumer").because(null));
		this.store.apply("k", JobEvent.of(JobState.QUEUED, T.minusSeconds(1), "jobs", 0, 0, "b"));

		BatchSummary batch = this.store.batch("b").orElseThrow();

		assertThat(batch.sent()).isEqualTo(1);
		assertThat(batch.done()).isEqualTo(1);
		assertThat(batch.complete()).isTrue();
		assertThat(this.store.find("k").orElseThrow().state()).isEqualTo(JobState.DONE);
	}

	/**
	 * The view reads the consumers' steps beside the work topic, which it leaves for
	 * later while a batch is being sent: a batch whose jobs were seen only through their
	 * steps looked done (and lost its cancel form) while most of it was still queued.
	 */
	@Test
	void aJobCountsInItsBatchOnlyOnceItsWorkRecordIsReadSoABatchIsNeverDoneEarly() {
		this.store.apply("k0", JobEvent.of(JobState.DONE, T.plusSeconds(1), "jobs", 0, 0, "b").by("consumer", "w", 1));

		assertThat(this.store.batch("b")).as("only a consumer's step read so far").isEmpty();

		this.store.apply("k0", JobEvent.of(JobState.QUEUED, T, "jobs", 0, 0, "b"));
		this.store.apply("k1", JobEvent.of(JobState.QUEUED, T, "jobs", 0, 1, "b"));
		BatchSummary batch = this.store.batch("b").orElseThrow();

		assertThat(batch.sent()).isEqualTo(2);
		assertThat(batch.done()).isEqualTo(1);
		assertThat(batch.queued()).isEqualTo(1);
		assertThat(batch.complete()).isFalse();
		assertThat(this.store.jobsOf("b", null, 10)).extracting(JobHistory::key).containsExactly("k0", "k1");
	}

	@Test
	void aBatchsJobsArePagedInKeyOrder() {
		for (int i = 0; i < 5; i++) {
			this.store.apply("k" + i, JobEvent.of(JobState.QUEUED, T, "jobs", 0, i, "b"));
		}
		this.store.apply("other", JobEvent.of(JobState.QUEUED, T, "jobs", 0, 9, "c"));

		assertThat(this.store.jobsOf("b", null, 3)).extracting(JobHistory::key).containsExactly("k0", "k1", "k2");
		assertThat(this.store.jobsOf("b", "k2", 3)).extracting(JobHistory::key).containsExactly("k3", "k4");
	}

	@Test
	void forgetsJobsOlderThanTheRetentionAndTheirBatches() {
		this.store.apply("old", JobEvent.of(JobState.QUEUED, T.minusSeconds(3600), "jobs", 0, 0, "b-old"));
		this.store.apply("new", JobEvent.of(JobState.QUEUED, T, "jobs", 0, 1, "b-new"));

		assertThat(this.store.forgetOlderThan(T.minusSeconds(60))).isEqualTo(1);

		assertThat(this.store.find("old")).isEmpty();
		assertThat(this.store.batch("b-old")).isEmpty();
		assertThat(this.store.recentBatches(10)).extracting(BatchSummary::id).containsExactly("b-new");
	}

	@Test
	void aCancellationIsShownOnItsBatch() {
		this.store.apply("k", JobEvent.of(JobState.QUEUED, T, "jobs", 0, 0, "b"));
		this.store.cancelled(new BatchCancellation("b", T.plusSeconds(1), false));

		assertThat(this.store.batch("b").orElseThrow().cancellation()).isNotNull();
		assertThat(this.store.batch("b").orElseThrow().stateText()).isEqualTo("cancelling");
	}

	private static JobEvent step(JobState state, long offset, String consumer) {
		return JobEvent.of(state, T.plusSeconds(1), "jobs", 0, offset, null).by(consumer, "w", 1);
	}

}
