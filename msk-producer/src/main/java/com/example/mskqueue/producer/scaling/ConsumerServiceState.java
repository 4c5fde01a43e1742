package com.example.mskqueue.producer.scaling;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The consumer service as ECS last described it: the tasks Application Auto Scaling set
 * it to run and the tasks running, with the service's newest events (tasks started and
 * stopped, steady state reached).
 *
 * @param desired the tasks the service should run (what scaling sets)
 * @param running the tasks running
 * @param pending the tasks starting
 * @param events the service's newest events, newest first
 * @param readAt when ECS was asked
 */
public record ConsumerServiceState(int desired, int running, int pending, List<Event> events, Instant readAt) {

	private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** When ECS was asked, as a time of day (UTC), for the status page. */
	public String readAtTimeOfDay() {
		return TIME_OF_DAY.format(this.readAt);
	}

	/**
	 * One of the service's events.
	 *
	 * @param at when ECS recorded it
	 * @param message what ECS said
	 */
	public record Event(Instant at, String message) {

		/** The time of day (UTC), for the status page. */
		public String timeOfDay() {
			return TIME_OF_DAY.format(this.at);
		}

	}

}
