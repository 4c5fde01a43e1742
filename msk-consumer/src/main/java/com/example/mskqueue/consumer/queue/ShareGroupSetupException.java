package com.example.mskqueue.consumer.queue;

/**
 * Queue mode cannot start on this cluster as configured: what is wrong, and what to do
 * about it.
 */
public class ShareGroupSetupException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	ShareGroupSetupException(String problem, String action, Throwable cause) {
		super(problem + " " + action, cause);
		this.action = action;
	}

	/** What the operator can do about it. */
	public String action() {
		return this.action;
	}

	/** What is wrong, without the action. */
	public String problem() {
		return getMessage().substring(0, getMessage().length() - this.action.length() - 1);
	}

}
