package com.example.mskqueue.producer.sending;

/**
 * The cluster could not be reached or did not answer in time, so no job was sent.
 */
class BrokerUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	BrokerUnavailableException(String message) {
		super(message);
	}

}
