package com.example.mskqueue.producer.sending;

/**
 * The cluster could not be reached or did not answer in time, so no job was sent.
 */
class BrokerUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	BrokerUnavailableException(String message, Throwable cause) {
		super(message + ": " + describe(cause), cause);
	}

	static String describe(Throwable cause) {
		return (cause != null) ? cause.getClass().getSimpleName() + " " + cause.getMessage() : "unknown cause";
	}

}
