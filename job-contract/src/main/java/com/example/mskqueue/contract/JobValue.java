package com.example.mskqueue.contract;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A job's value: how many seconds of work it stands for, written as exactly one of the
 * ASCII strings {@code 0}, {@code 1}, ... {@code 10} (UTF-8, the {@link WholeNumber}
 * grammar). The producer writes nothing else; the consumer dead-letters anything else
 * with the rule it broke.
 */
public final class JobValue {

	/** The shortest job. */
	public static final int MIN_SECONDS = 0;

	/** The longest job: what every time limit of the consumer is derived from. */
	public static final int MAX_SECONDS = 10;

	private JobValue() {
	}

	/**
	 * Read a job's raw value.
	 * @param value the record's value, as it came off the topic
	 * @return the seconds of work it stands for
	 * @throws InvalidValueException if it is not a job value, naming the rule it broke
	 */
	public static int seconds(byte[] value) {
		if (value == null) {
			throw invalid(ValueRule.MISSING, "the value " + ValueRule.MISSING.description() + " (a null record value)");
		}
		if (value.length > WholeNumber.MAX_LENGTH) {
			throw invalid(ValueRule.TOO_LONG,
					"the value " + ValueRule.TOO_LONG.description() + " (" + value.length + " bytes)");
		}
		String text = decode(value);
		BigInteger seconds;
		try {
			seconds = WholeNumber.parse(text);
		}
		catch (InvalidValueException ex) {
			throw invalid(ex.rule(), "value '" + PrintableText.of(text) + "' " + ex.rule().description());
		}
		if (seconds.compareTo(BigInteger.valueOf(MAX_SECONDS)) > 0) {
			throw invalid(ValueRule.OUT_OF_RANGE,
					"value '" + PrintableText.of(text) + "' " + ValueRule.OUT_OF_RANGE.description() + " (a job is "
							+ MIN_SECONDS + " to " + MAX_SECONDS + " seconds)");
		}
		return seconds.intValue();
	}

	/** The value of a job of {@code seconds}. */
	public static String of(int seconds) {
		if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
			throw new IllegalArgumentException(
					"a job is " + MIN_SECONDS + " to " + MAX_SECONDS + " seconds, not " + seconds);
		}
		return Integer.toString(seconds);
	}

	private static String decode(byte[] value) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalid(ValueRule.NOT_UTF8, "the value is not UTF-8 text (" + value.length + " bytes)");
		}
	}

	private static InvalidValueException invalid(ValueRule rule, String problem) {
		return new InvalidValueException(rule, problem + "; a job value is one of " + MIN_SECONDS + ", 1, ... "
				+ MAX_SECONDS + " (ASCII digits, nothing else)");
	}

}
