package com.example.mskqueue.producer.latency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;

import static org.assertj.core.api.Assertions.assertThat;

class JobTimingsTests {

	private static final Instant NOW = Instant.parse("2026-12-04T19:30:00Z");

	private final JobTimings timings = new JobTimings(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aDrainOfAFewJobsOnSeveralPartitionsIsMeasuredAtTheJobsOwnLength() {
		// The case the lag-reading estimate got wrong: two 6 s jobs on each of three
		// partitions. Each consumer measures its job; nothing is estimated.
		for (int partition = 0; partition < 3; partition++) {
			this.timings.step("k" + partition + "a", done(partition, NOW.minusSeconds(9), 6_000, 100));
			this.timings.step("k" + partition + "b", done(partition, NOW.minusSeconds(3), 6_000, 6_100));
		}

		JobTimings.Summary last5 = this.timings.over(Duration.ofMinutes(5));

		assertThat(last5.meanRunSeconds()).isEqualTo(6.0);
		assertThat(last5.done()).isEqualTo(6);
		assertThat(last5.runTime().p95()).isEqualTo(6.0);
		assertThat(last5.waitTime().p50()).isEqualTo(0.1);
		assertThat(last5.waitTime().p99()).isEqualTo(6.1);
	}

	@Test
	void percentilesAreNearestRankOverTheWindowOnly() {
		for (int i = 1; i <= 100; i++) {
			this.timings.step("k" + i, done(0, NOW.minusSeconds(30), i * 10L, i * 100L));
		}
		this.timings.step("old", done(0, NOW.minus(Duration.ofMinutes(30)), 999_000, 999_000));

		JobTimings.Summary last5 = this.timings.over(Duration.ofMinutes(5));
		JobTimings.Summary lastHour = this.timings.over(Duration.ofHours(1));

		assertThat(last5.runTime()).isEqualTo(new JobTimings.Percentiles(100, 0.5, 0.95, 0.99));
		assertThat(last5.waitTime().p95()).isEqualTo(9.5);
		assertThat(lastHour.done()).isEqualTo(101);
		assertThat(lastHour.runTime().p99()).isEqualTo(1.0);
		assertThat(last5.perMinute()).isEqualTo(20.0);
	}

	@Test
	void onlyDoneStepsCountAndNothingIsKnownBeforeAJobIsDone() {
		this.timings.step("k", JobEvent.of(JobState.STARTED, NOW, "jobs", 0, 1, null).timed(null, 5L, null));

		assertThat(this.timings.over(Duration.ofMinutes(5)).meanRunSeconds()).isNull();
		assertThat(this.timings.over(Duration.ofMinutes(5)).runTime().p95()).isNull();
	}

	@Test
	void theLastHourHasAPointAMinuteOldestFirstAndForgetsWhatIsOlder() {
		this.timings.step("k", done(0, NOW.minusSeconds(90), 2_000, 500));
		this.timings.step("ancient", done(0, NOW.minus(Duration.ofHours(2)), 2_000, 500));

		List<JobTimings.MinutePoint> points = this.timings.lastHour();

		assertThat(points).hasSize(60);
		assertThat(points.get(57).done()).as("19:28, two minutes before the last").isEqualTo(1);
		assertThat(points.get(57).runP95()).isEqualTo(2.0);
		assertThat(points.stream().mapToLong(JobTimings.MinutePoint::done).sum()).isEqualTo(1);
	}

	private static JobEvent done(int partition, Instant at, long runMillis, long waitMillis) {
		return JobEvent.of(JobState.DONE, at, "jobs", partition, 0, null)
			.timed(at.minusMillis(runMillis), waitMillis, runMillis);
	}

}
