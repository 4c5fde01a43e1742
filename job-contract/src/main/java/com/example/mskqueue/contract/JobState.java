package com.example.mskqueue.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a job stands in its lifecycle, as the lifecycle topic records it and the
 * producer's pages show it. A job's state is the state of its newest event.
 */
public enum JobState {

	/**
	 * On the work topic, waiting for a consumer (recorded from the work record itself).
	 */
	QUEUED,

	/** A consumer started it (with the consumer, the worker and the try). */
	STARTED,

	/** A try failed; it will be tried again. */
	RETRYING,

	/** Its work is done and its delivery settled. */
	DONE,

	/** It went to the dead-letter topic (with the reason). */
	DEAD_LETTERED,

	/** It was put back on the work topic from the dead-letter topic. */
	REDRIVEN,

	/** Its batch was cancelled: it was settled without being run, or stopped mid-run. */
	CANCELLED;

	/** The state's name on the wire and on the pages: {@code dead-lettered}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The state of a wire name, or empty for a name this version does not know. */
	public static Optional<JobState> ofWireName(String name) {
		return Arrays.stream(values()).filter((state) -> state.wireName().equals(name)).findFirst();
	}

	/**
	 * Whether nothing more happens to a job in this state unless someone acts on it (a
	 * redrive).
	 */
	public boolean isFinal() {
		return this == DONE || this == DEAD_LETTERED || this == CANCELLED;
	}

}
