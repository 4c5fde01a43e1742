package com.example.mskqueue.producer.jobs;

import java.util.Optional;

/**
 * What a job key typed into a page or a URL may be: 1 to {@value #MAX_LENGTH} printable
 * characters (no control or formatting characters). The producer's keys are UUIDs; other
 * clients may use any key within this.
 */
public final class JobKeys {

	/** The longest key looked up. */
	public static final int MAX_LENGTH = 256;

	private JobKeys() {
	}

	/** What is wrong with {@code key} as a key to look up, or empty. */
	public static Optional<String> problem(String key) {
		if (key == null || key.isBlank()) {
			return Optional.of("the key is empty: give a job's key, such as the UUID the form's answer lists");
		}
		if (key.codePointCount(0, key.length()) > MAX_LENGTH) {
			return Optional.of("the key is longer than " + MAX_LENGTH + " characters: no job has such a key");
		}
		if (key.codePoints()
			.anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
					|| Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.SURROGATE)) {
			return Optional.of("the key has characters that are not printable: give the job's key as text");
		}
		return Optional.empty();
	}

}
