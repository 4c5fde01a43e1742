package com.example.mskqueue.contract;

/**
 * A text as it may be shown in a log line or an answer: control characters escaped, and
 * long texts cut, so that a bad value can be read and never forges a line or floods a
 * log.
 */
public final class PrintableText {

	/** The most characters shown of a text. */
	static final int MAX_SHOWN = 40;

	private PrintableText() {
	}

	/**
	 * {@code text}, escaped, and cut to {@value #MAX_SHOWN} characters with its length
	 * said.
	 */
	public static String of(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder shown = new StringBuilder();
		text.codePoints().limit(MAX_SHOWN).forEach((c) -> shown.append(escape(c)));
		long length = text.codePointCount(0, text.length());
		if (length > MAX_SHOWN) {
			shown.append("... (").append(length).append(" characters)");
		}
		return shown.toString();
	}

	private static String escape(int codePoint) {
		return switch (codePoint) {
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			case '\\' -> "\\\\";
			default -> (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT)
					? "\\u%04X".formatted(codePoint) : Character.toString(codePoint);
		};
	}

}
