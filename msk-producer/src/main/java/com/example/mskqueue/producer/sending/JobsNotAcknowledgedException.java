package com.example.mskqueue.producer.sending;

/**
 * Some of a batch's jobs were not acknowledged by the cluster. {@link #acknowledged()} of
 * {@link #requested()} are on the topic; the others must be sent again. The message says
 * why in words, never with an exception class name, since clients see it.
 */
public class JobsNotAcknowledgedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int acknowledged;

	private final int requested;

	public JobsNotAcknowledgedException(int acknowledged, int requested, String why, Throwable cause) {
		super(why, cause);
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
