package com.example.mskqueue.contract;

/**
 * The rules a job value or a number in a form can break, each with the code that names it
 * in a dead letter's {@value JobHeaders#DEAD_LETTER_REASON} header and in metrics.
 */
public enum ValueRule {

	/** No value at all: a null record value, or a form field left out. */
	MISSING("missing", "is missing"),

	/** A value of zero length. */
	EMPTY("empty", "is empty"),

	/** Longer than any valid value could be. */
	TOO_LONG("too-long", "is too long"),

	/** Bytes that are not UTF-8 text. */
	NOT_UTF8("not-utf8", "is not UTF-8 text"),

	/** Spaces, tabs, line breaks or other white space, anywhere. */
	WHITESPACE("whitespace", "contains white space"),

	/** A leading {@code +} or {@code -}. */
	SIGN("sign", "has a sign (+ or -)"),

	/** {@code 0x}, {@code 0b}, {@code 0o} or {@code #}: another base than ten. */
	BASE_PREFIX("base-prefix", "has a base prefix (0x, 0b, 0o or #)"),

	/**
	 * Digits of another script than ASCII 0-9, such as Arabic-Indic or full-width digits.
	 */
	NON_ASCII_DIGIT("non-ascii-digit", "uses digits other than ASCII 0-9"),

	/** A decimal point or comma. */
	DECIMAL_POINT("decimal-point", "has a decimal point or comma"),

	/** Scientific notation, such as {@code 1e9}. */
	EXPONENT("exponent", "has an exponent"),

	/** Anything else that is not a whole number. */
	NOT_A_NUMBER("not-a-number", "is not a whole number"),

	/** A zero in front of other digits, such as {@code 05}. */
	LEADING_ZERO("leading-zero", "has a leading zero"),

	/** A whole number, but outside the range allowed. */
	OUT_OF_RANGE("out-of-range", "is out of range");

	private final String code;

	private final String description;

	ValueRule(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/** The rule's code, such as {@code leading-zero}. */
	public String code() {
		return this.code;
	}

	/** What is wrong, as the end of a sentence: {@code "has a leading zero"}. */
	public String description() {
		return this.description;
	}

}
