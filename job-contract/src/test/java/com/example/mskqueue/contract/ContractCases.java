package com.example.mskqueue.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The job contract as a table: raw values, what the consumer does with each (runs it for
 * so many seconds, or dead-letters it naming the rule it broke), and what the producer's
 * form says when the same text is sent as {@code num}. Both services' tests feed the same
 * table through their real paths (the form over HTTP, the listener from a real broker).
 */
public final class ContractCases {

	private ContractCases() {
	}

	/** Every case: the eleven valid values and the ways to break each rule. */
	public static List<Case> all() {
		List<Case> cases = new ArrayList<>();
		for (int seconds = JobValue.MIN_SECONDS; seconds <= JobValue.MAX_SECONDS; seconds++) {
			cases.add(new Case("valid-" + seconds, bytes(Integer.toString(seconds)), seconds, null,
					(seconds == 0) ? ValueRule.OUT_OF_RANGE : null));
		}
		cases.add(invalid("null", null, ValueRule.MISSING));
		cases.add(invalid("empty", "", ValueRule.EMPTY));
		cases.add(invalid("leading-space", " 5", ValueRule.WHITESPACE));
		cases.add(invalid("trailing-space", "5 ", ValueRule.WHITESPACE));
		cases.add(invalid("tab", "\t5", ValueRule.WHITESPACE));
		cases.add(invalid("newline", "5\n", ValueRule.WHITESPACE));
		cases.add(invalid("ten-newline", "10\n", ValueRule.WHITESPACE));
		cases.add(invalid("no-break-space", "\u00A05", ValueRule.WHITESPACE));
		cases.add(invalid("plus", "+5", ValueRule.SIGN));
		cases.add(invalid("minus", "-5", ValueRule.SIGN));
		cases.add(invalid("minus-zero", "-0", ValueRule.SIGN));
		cases.add(invalid("hex", "0x10", ValueRule.BASE_PREFIX));
		cases.add(invalid("hex-upper", "0X1", ValueRule.BASE_PREFIX));
		cases.add(invalid("hash", "#10", ValueRule.BASE_PREFIX));
		cases.add(invalid("binary", "0b1", ValueRule.BASE_PREFIX));
		cases.add(invalid("octal", "0o7", ValueRule.BASE_PREFIX));
		cases.add(invalid("arabic-indic", "\u0665", ValueRule.NON_ASCII_DIGIT));
		cases.add(invalid("arabic-indic-ten", "\u0660\u0661\u0660", ValueRule.NON_ASCII_DIGIT));
		cases.add(invalid("full-width", "\uFF15", ValueRule.NON_ASCII_DIGIT));
		cases.add(invalid("devanagari", "\u096B", ValueRule.NON_ASCII_DIGIT));
		cases.add(invalid("mathematical-bold", "\uD835\uDFD3", ValueRule.NON_ASCII_DIGIT));
		cases.add(invalid("decimal", "1.5", ValueRule.DECIMAL_POINT));
		cases.add(invalid("decimal-zero", "5.0", ValueRule.DECIMAL_POINT));
		cases.add(invalid("decimal-comma", "1,5", ValueRule.DECIMAL_POINT));
		cases.add(invalid("bare-fraction", ".5", ValueRule.DECIMAL_POINT));
		cases.add(invalid("exponent", "1e9", ValueRule.EXPONENT));
		cases.add(invalid("exponent-upper", "1E1", ValueRule.EXPONENT));
		cases.add(invalid("text", "abc", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("word", "five", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("digit-and-letter", "5a", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("vulgar-fraction", "\u00BD", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("nan", "NaN", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("infinity", "Infinity", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("json-null", "null", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("json-number", "{\"seconds\":5}", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("zero-width-space", "5\u200B", ValueRule.NOT_A_NUMBER));
		cases.add(invalid("leading-zero", "05", ValueRule.LEADING_ZERO));
		cases.add(invalid("double-zero", "00", ValueRule.LEADING_ZERO));
		cases.add(invalid("leading-zero-ten", "010", ValueRule.LEADING_ZERO));
		// 11 jobs is a valid request; 11 seconds is not a job.
		cases.add(new Case("eleven", bytes("11"), null, ValueRule.OUT_OF_RANGE, null));
		cases.add(invalid("int-overflow", "2147483648", ValueRule.OUT_OF_RANGE));
		cases.add(invalid("twenty-digits", "99999999999999999999", ValueRule.OUT_OF_RANGE));
		cases.add(new Case("not-utf8", new byte[] { (byte) 0xC3, (byte) 0x28 }, null, ValueRule.NOT_UTF8,
				ValueRule.NOT_A_NUMBER));
		cases
			.add(new Case("not-utf8-ff", new byte[] { (byte) 0xFF }, null, ValueRule.NOT_UTF8, ValueRule.NOT_A_NUMBER));
		cases.add(invalid("sixty-five-ones", "1".repeat(65), ValueRule.TOO_LONG));
		byte[] megabyte = new byte[1024 * 1024];
		Arrays.fill(megabyte, (byte) '5');
		cases.add(new Case("one-megabyte", megabyte, null, ValueRule.TOO_LONG, ValueRule.TOO_LONG));
		return List.copyOf(cases);
	}

	/** The cases the consumer dead-letters. */
	public static List<Case> invalidValues() {
		return all().stream().filter((c) -> !c.runs()).toList();
	}

	/** The cases the form refuses as {@code num}. */
	public static List<Case> refusedByTheForm() {
		return all().stream().filter((c) -> c.formRule() != null).toList();
	}

	private static Case invalid(String name, String text, ValueRule rule) {
		return new Case(name, (text != null) ? bytes(text) : null, null, rule, rule);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One case.
	 *
	 * @param name a short name, unique in the table
	 * @param raw the value's bytes ({@code null}: no value)
	 * @param seconds the seconds the consumer runs it for, or {@code null} if it
	 * dead-letters it
	 * @param rule the rule the consumer names when it dead-letters it, or {@code null} if
	 * it runs
	 * @param formRule the rule the form names for {@code num} given this text, or
	 * {@code null} if the form accepts it
	 */
	public record Case(String name, byte[] raw, Integer seconds, ValueRule rule, ValueRule formRule) {

		/**
		 * The value as a form field's text (bytes that are not UTF-8 become replacement
		 * characters).
		 */
		public String text() {
			return (this.raw != null) ? new String(this.raw, StandardCharsets.UTF_8) : null;
		}

		public boolean runs() {
			return this.seconds != null;
		}

		@Override
		public String toString() {
			return this.name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Case that && this.name.equals(that.name);
		}

		@Override
		public int hashCode() {
			return this.name.hashCode();
		}

	}

}
