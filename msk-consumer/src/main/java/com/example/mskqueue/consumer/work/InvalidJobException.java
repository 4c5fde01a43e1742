package com.example.mskqueue.consumer.work;

/**
 * A job whose value is not a whole number of seconds in the accepted range. Trying it again
 * cannot help, so it goes straight to the dead-letter topic.
 */
public class InvalidJobException extends RuntimeException {

	InvalidJobException(String message) {
		super(message);
	}

}
