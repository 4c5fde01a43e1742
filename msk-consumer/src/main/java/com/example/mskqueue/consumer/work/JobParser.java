package com.example.mskqueue.consumer.work;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * Reads a job's value: a whole number of seconds from 0 to {@code jobs.max-job-seconds}, as
 * UTF-8 decimal text. Anything else is an {@link InvalidJobException}.
 */
@Component
class JobParser {

	/** Longer texts cannot be a valid value; refuse them before decoding megabytes. */
	private static final int MAX_VALUE_BYTES = 16;

	private final int maxSeconds;

	JobParser(ConsumerProperties properties) {
		this.maxSeconds = properties.maxJobSeconds();
	}

	int seconds(byte[] value) {
		if (value == null) {
			throw new InvalidJobException("value is null; expected a whole number of seconds from 0 to " + this.maxSeconds);
		}
		if (value.length > MAX_VALUE_BYTES) {
			throw new InvalidJobException("value is " + value.length + " bytes long; expected a whole number of seconds from 0 to "
					+ this.maxSeconds);
		}
		String text = decode(value);
		int seconds;
		try {
			seconds = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidJobException("value '" + text + "' is not a whole number of seconds from 0 to " + this.maxSeconds);
		}
		if (seconds < 0 || seconds > this.maxSeconds) {
			throw new InvalidJobException("value " + seconds + " is outside 0 to " + this.maxSeconds + " seconds");
		}
		return seconds;
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
			throw new InvalidJobException("value is not UTF-8 text (" + value.length + " bytes)");
		}
	}

}
