package com.example.mskqueue.producer.sending;

/**
 * Some of a batch's jobs were not acknowledged by the cluster. {@link #acknowledged()} of
 * {@link #requested()} are on the topic; the others must be sent again.
 */
public class JobsNotAcknowledgedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int acknowledged;

	private final int requested;

	JobsNotAcknowledgedException(int acknowledged, int requested, Throwable cause) {
		super(acknowledged + " of " + requested + " sent: " + BrokerUnavailableException.describe(cause), cause);
		this.acknowledged = acknowledged;
		this.requested = requested;
	}

	public int acknowledged() {
		return this.acknowledged;
	}

	public int requested() {
		return this.requested;
	}

}
