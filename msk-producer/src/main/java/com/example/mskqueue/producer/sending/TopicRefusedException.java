package com.example.mskqueue.producer.sending;

/**
 * The cluster refuses to create the requested topic, or the name collides with a topic
 * that exists: the client must choose another; trying again cannot help. Nothing was
 * created or sent.
 */
public class TopicRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TopicRefusedException(String problem) {
		super(problem);
	}

}
