package com.example.mskqueue.producer.scaling;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What the scaling rule asked for after one lag reading.
 *
 * @param at when the lag was read
 * @param currentWorkers the workers (group members) at the reading
 * @param desiredWorkers the workers the rule asks for
 * @param desiredTasks the consumer tasks that run them
 * @param lag jobs not yet done
 * @param backlogSeconds the waiting work: lag x job time
 * @param jobTimeAssumed whether the job time is the assumed one (none measured lately)
 */
public record ScalingAdvice(Instant at, int currentWorkers, int desiredWorkers, int desiredTasks, long lag,
		double backlogSeconds, boolean jobTimeAssumed) {

	private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** When the lag was read, as the status page shows it (UTC). */
	public String timeOfDay() {
		return TIME_OF_DAY.format(this.at);
	}

}
