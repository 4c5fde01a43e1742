package com.example.mskqueue.contract;

/**
 * The record headers the two services agree on.
 */
public final class JobHeaders {

	/** Every job of one form submission carries the submission's id. */
	public static final String BATCH_ID = "batch-id";

	/**
	 * Why a dead letter was written: the code of the {@link ValueRule} its value broke,
	 * or one of {@link DeadLetterReasons}.
	 */
	public static final String DEAD_LETTER_REASON = "dead-letter-reason";

	/** In queue mode, the share group's delivery count of the dead-lettered record. */
	public static final String DELIVERY_COUNT = "kafka_dlt-delivery-count";

	/**
	 * How many times a job was put back on the work topic from the dead-letter topic
	 * (absent: never).
	 */
	public static final String REDRIVE_COUNT = "redrive-count";

	private JobHeaders() {
	}

}
