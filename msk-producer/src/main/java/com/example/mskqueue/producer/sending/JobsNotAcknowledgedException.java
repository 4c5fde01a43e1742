package com.example.mskqueue.producer.sending;

/**
 * Some of a batch's jobs were not acknowledged by the cluster. {@link #acknowledged()} of
 * {@link #requested()} are on the topic. Of the others, {@link #unconfirmed()} were sent
 * and their outcome is unknown (a write in flight when brokers failed can still be stored
 * once they recover); the rest were not stored. The message says why in words, never with
 * an exception class name, since clients see it.
 */
public class JobsNotAcknowledgedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int acknowledged;

	private final int unconfirmed;

	private final int requested;

	public JobsNotAcknowledgedException(int acknowledged, int unconfirmed, int requested, String why, Throwable cause) {
		super(why, cause);
		this.acknowledged = acknowledged;
		this.unconfirmed = unconfirmed;
		this.requested = requested;
	}

	public int acknowledged() {
		return this.acknowledged;
	}

	/** Jobs sent whose outcome the cluster never confirmed: they may be stored. */
	public int unconfirmed() {
		return this.unconfirmed;
	}

	/** Jobs certainly not stored: never sent, or refused outright. */
	public int notStored() {
		return this.requested - this.acknowledged - this.unconfirmed;
	}

	public int requested() {
		return this.requested;
	}

}
