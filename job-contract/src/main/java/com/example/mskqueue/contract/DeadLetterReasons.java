package com.example.mskqueue.contract;

/**
 * Why a job went to the dead-letter topic when its value was valid. An invalid value's
 * reason is the code of the {@link ValueRule} it broke.
 */
public final class DeadLetterReasons {

	/** The job failed on every try it was given. */
	public static final String FAILED = "job-failed";

	/** Queue mode: delivered as often as the brokers allow without ever being done. */
	public static final String DELIVERY_LIMIT = "delivery-limit";

	private DeadLetterReasons() {
	}

}
