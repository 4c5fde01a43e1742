package com.example.mskqueue.contract;

/**
 * A job value or a number in a form broke one of the contract's rules.
 */
public class InvalidValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ValueRule rule;

	InvalidValueException(ValueRule rule, String message) {
		super(message);
		this.rule = rule;
	}

	/** The rule it broke. */
	public ValueRule rule() {
		return this.rule;
	}

}
