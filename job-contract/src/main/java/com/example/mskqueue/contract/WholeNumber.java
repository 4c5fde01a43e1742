package com.example.mskqueue.contract;

import java.math.BigInteger;

/**
 * The one way this project writes a whole number, in job values and in form fields alike:
 * ASCII digits {@code 0-9} in canonical form ({@code 0}, or a non-zero digit followed by
 * digits). No sign, base prefix, white space, other scripts' digits, decimal point,
 * exponent or leading zero. When a text breaks the rule, the exception says which way.
 */
public final class WholeNumber {

	/**
	 * Texts longer than this cannot be a number anybody meant; refuse them before reading
	 * them.
	 */
	public static final int MAX_LENGTH = 64;

	private WholeNumber() {
	}

	/**
	 * Read {@code text} as a whole number.
	 * @param text the text, never {@code null}
	 * @return its value, of any size
	 * @throws InvalidValueException if it is not written as the rule says
	 */
	public static BigInteger parse(String text) {
		ValueRule broken = brokenRule(text);
		if (broken != null) {
			throw new InvalidValueException(broken, "'" + PrintableText.of(text) + "' " + broken.description()
					+ "; write a whole number with the " + "digits 0-9 only, without sign, spaces or leading zeros");
		}
		return new BigInteger(text);
	}

	/**
	 * The rule {@code text} breaks, or {@code null} when it is a whole number in
	 * canonical form.
	 */
	static ValueRule brokenRule(String text) {
		if (text.isEmpty()) {
			return ValueRule.EMPTY;
		}
		if (text.length() > MAX_LENGTH) {
			return ValueRule.TOO_LONG;
		}
		if (text.codePoints().anyMatch(WholeNumber::isWhitespace)) {
			return ValueRule.WHITESPACE;
		}
		char first = text.charAt(0);
		if (first == '+' || first == '-') {
			return ValueRule.SIGN;
		}
		if (first == '#' || text.matches("0[xXbBoO].*")) {
			return ValueRule.BASE_PREFIX;
		}
		if (text.codePoints().anyMatch((c) -> Character.isDigit(c) && (c < '0' || c > '9'))) {
			return ValueRule.NON_ASCII_DIGIT;
		}
		if (text.matches("[0-9]*[.,][0-9]*") && text.length() > 1) {
			return ValueRule.DECIMAL_POINT;
		}
		if (text.matches("[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+")) {
			return ValueRule.EXPONENT;
		}
		if (!text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return ValueRule.NOT_A_NUMBER;
		}
		if (text.length() > 1 && first == '0') {
			return ValueRule.LEADING_ZERO;
		}
		return null;
	}

	private static boolean isWhitespace(int codePoint) {
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
	}

}
