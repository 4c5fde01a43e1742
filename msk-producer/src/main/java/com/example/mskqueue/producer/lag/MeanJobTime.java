package com.example.mskqueue.producer.lag;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The mean job time over the most recent readings that cover at least
 * {@value #JOBS_MEASURED} jobs: their busy worker-seconds over their jobs done. A ratio
 * of sums, not a mean of each reading's ratio: a reading in which no job finished (jobs
 * longer than the interval) still adds its busy time, and readings that caught one job or
 * several weigh what they cover. Used by the lag monitor's one refresh thread.
 */
final class MeanJobTime {

	/** Jobs the mean is taken over: enough to smooth out where the readings fall. */
	static final int JOBS_MEASURED = 30;

	/** Readings kept at most, so that jobs from long ago stop counting. */
	static final int MAX_READINGS = 720;

	private final Deque<JobTimeSample> readings = new ArrayDeque<>();

	private long jobsDone;

	private double workerSeconds;

	void record(JobTimeSample sample) {
		this.readings.addLast(sample);
		this.jobsDone += sample.jobsDone();
		this.workerSeconds += sample.workerSeconds();
		while (this.readings.size() > MAX_READINGS
				|| this.jobsDone - this.readings.getFirst().jobsDone() >= JOBS_MEASURED) {
			JobTimeSample oldest = this.readings.removeFirst();
			this.jobsDone -= oldest.jobsDone();
			this.workerSeconds -= oldest.workerSeconds();
		}
	}

	/** Seconds per job, or {@code null} while no job has been done. */
	Double seconds() {
		return (this.jobsDone > 0) ? this.workerSeconds / this.jobsDone : null;
	}

}
