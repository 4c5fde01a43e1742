package com.example.mskqueue.scaling;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScalerTests {

	static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

	static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	final WorkBasedPolicy policy = new WorkBasedPolicy(0, 8, Duration.ofMinutes(1), Duration.ofMinutes(2), false);

	@Test
	void aSingleSpikeInsideTheSmoothingWindowScalesNothing() {
		Scaler scaler = new Scaler(this.policy, Duration.ofMinutes(1), FIVE_SECONDS);

		// 12 jobs x 5 s = 1 minute of work: one worker, read every 15 s.
		assertThat(scaler.desiredWorkers(reading(0, 12), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(15, 12), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(30, 12), 1)).as("a spike of 1,000 jobs, read once").isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(30, 1_000), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(45, 12), 1)).isEqualTo(1);
	}

	@Test
	void aBacklogThatLastsScalesOutOnceItIsTheMedianOfTheWindow() {
		Scaler scaler = new Scaler(this.policy, Duration.ofMinutes(1), FIVE_SECONDS);

		assertThat(scaler.desiredWorkers(reading(0, 12), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(15, 12), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(30, 60), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(45, 60), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(60, 60), 1)).as("60 jobs x 5 s in three readings of four")
			.isEqualTo(5);
	}

	@Test
	void withoutSmoothingEachReadingDecidesAlone() {
		Scaler scaler = new Scaler(this.policy, Duration.ZERO, FIVE_SECONDS);

		assertThat(scaler.desiredWorkers(reading(0, 12), 1)).isEqualTo(1);
		assertThat(scaler.desiredWorkers(reading(15, 1_000), 1)).isEqualTo(8);
	}

	@Test
	void theFirstJobOfABurstAsksForAWorkerAtOnceWhateverTheWindow() {
		Scaler scaler = new Scaler(this.policy, Duration.ofMinutes(5), FIVE_SECONDS);
		for (int second = 0; second < 300; second += 15) {
			assertThat(scaler.desiredWorkers(reading(second, 0), 0)).isZero();
		}

		assertThat(scaler.desiredWorkers(reading(300, 1), 0)).isEqualTo(1);
	}

	@Test
	void untilAJobTimeIsMeasuredTheBacklogIsReckonedAtTheAssumedOne() {
		Scaler scaler = new Scaler(this.policy, Duration.ZERO, Duration.ofSeconds(10));

		// 24 jobs x 10 s assumed = 4 minutes of work: 4 workers for a 1 minute target.
		assertThat(scaler.desiredWorkers(new LagReading(START, 24, 1, null), 0)).isEqualTo(4);
		// (with one worker running: the policy keeps running workers that have jobs)
		assertThat(scaler.desiredWorkers(new LagReading(START.plusSeconds(5), 24, 1, FIVE_SECONDS), 1))
			.as("measured: 2 minutes of work")
			.isEqualTo(2);
	}

	@Test
	void scalesInToTheMinimumOnlyOnceTheBacklogStayedDrainedForScaleInAfter() {
		Scaler scaler = new Scaler(this.policy, Duration.ZERO, FIVE_SECONDS);
		scaler.desiredWorkers(reading(0, 96), 0);

		assertThat(scaler.desiredWorkers(reading(60, 0), 8)).isEqualTo(8);
		assertThat(scaler.desiredWorkers(reading(120, 0), 8)).isEqualTo(8);
		assertThat(scaler.desiredWorkers(reading(180, 0), 8)).as("drained for 2 minutes").isZero();
	}

	@Test
	void theThresholdPolicyWithoutSmoothingIsTheOriginalRule() {
		Scaler scaler = new Scaler(ScalingPolicy.original(), Duration.ZERO, FIVE_SECONDS);

		assertThat(scaler.desiredWorkers(reading(0, 1), 1)).isEqualTo(8);
		assertThat(scaler.desiredWorkers(reading(60, 0), 8)).isEqualTo(8);
		assertThat(scaler.desiredWorkers(reading(360, 0), 8)).isEqualTo(1);
	}

	private static LagReading reading(int second, long lag) {
		return new LagReading(START.plusSeconds(second), lag, 5, FIVE_SECONDS);
	}

}
