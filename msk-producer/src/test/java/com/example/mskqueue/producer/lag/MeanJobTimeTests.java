package com.example.mskqueue.producer.lag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The mean job time kept from one lag reading to the next: busy worker-seconds over jobs
 * done, summed over the recent readings, so that readings in which no job finished and
 * readings in which several did weigh what they cover.
 */
class MeanJobTimeTests {

	@Test
	void nothingIsKnownBeforeAJobIsDone() {
		MeanJobTime mean = new MeanJobTime();
		assertThat(mean.seconds()).isNull();

		mean.record(new JobTimeSample(0, 5.0));

		assertThat(mean.seconds()).as("busy, but nothing finished yet").isNull();
	}

	@Test
	void jobsLongerThanTheReadingIntervalAreMeasuredAtTheirLength() {
		// One worker, 3 s jobs, a reading every second: a job finishes at every third
		// reading. Counting only the readings in which one finished made them 1 s jobs.
		MeanJobTime mean = new MeanJobTime();
		for (int reading = 1; reading <= 200; reading++) {
			mean.record(new JobTimeSample((reading % 3 == 0) ? 1 : 0, 1.0));
			if (reading > 100) {
				assertThat(mean.seconds()).isCloseTo(3.0, within(0.15));
			}
		}
	}

	@Test
	void completionsThatBunchBetweenReadingsAverageOut() {
		// Two workers, 1 s jobs, a reading every second: 1 and 3 jobs done in turn.
		// Averaging each reading's own figure (2 s, 0.67 s) said 1.3 s.
		MeanJobTime mean = new MeanJobTime();
		for (int reading = 1; reading <= 200; reading++) {
			mean.record(new JobTimeSample((reading % 2 == 0) ? 3 : 1, 2.0));
			if (reading > 100) {
				assertThat(mean.seconds()).isCloseTo(1.0, within(0.05));
			}
		}
	}

	@Test
	void followsAChangeOfJobTimeWithinAFewDozenJobs() {
		MeanJobTime mean = new MeanJobTime();
		for (int reading = 0; reading < 100; reading++) {
			mean.record(new JobTimeSample(2, 2.0));
		}
		assertThat(mean.seconds()).isCloseTo(1.0, within(1e-9));

		// Now 2 s jobs: one done per reading by the same two workers.
		for (int reading = 0; reading < MeanJobTime.JOBS_MEASURED + 1; reading++) {
			mean.record(new JobTimeSample(1, 2.0));
		}

		assertThat(mean.seconds()).isCloseTo(2.0, within(0.1));
	}

	@Test
	void readingsWithoutBusyWorkersChangeNothing() {
		MeanJobTime mean = new MeanJobTime();
		mean.record(new JobTimeSample(4, 2.0));

		mean.record(new JobTimeSample(0, 0.0));

		assertThat(mean.seconds()).isCloseTo(0.5, within(1e-9));
	}

}
