package com.example.mskqueue.producer.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import org.springframework.kafka.support.KafkaHeaders;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.ValueRule;

/**
 * A dead letter as the pages list it: where it lies, which job it was, why and when it
 * was dead-lettered, and its value shown safely (at most {@value #SHOWN_BYTES} bytes,
 * bytes that are not UTF-8 written as {@code \xNN}, control characters escaped; the pages
 * escape it again as HTML).
 *
 * @param partition its partition in the dead-letter topic
 * @param offset its offset there
 * @param key the job's key
 * @param value the value as shown
 * @param valueBytes the value's size in bytes
 * @param reason why it was dead-lettered ({@code dead-letter-reason})
 * @param batch the job's batch, or {@code null}
 * @param tries the tries or deliveries it had, when known
 * @param at when it was dead-lettered
 * @param originalTopic the work topic it came from
 * @param originalPartition its partition there
 * @param originalOffset its offset there
 * @param redrives how many times the job was redriven before it became this dead letter
 */
public record DeadLetter(int partition, long offset, String key, String value, int valueBytes, String reason,
		String batch, Integer tries, Instant at, String originalTopic, int originalPartition, long originalOffset,
		int redrives) {

	/** The most bytes of a value shown. */
	static final int SHOWN_BYTES = 200;

	/** The dead letter a record of the dead-letter topic stands for. */
	static DeadLetter of(ConsumerRecord<String, byte[]> record, String workTopic) {
		Headers headers = record.headers();
		byte[] value = record.value();
		return new DeadLetter(record.partition(), record.offset(), record.key(), shown(value),
				(value != null) ? value.length : 0, text(headers, JobHeaders.DEAD_LETTER_REASON),
				text(headers, JobHeaders.BATCH_ID), tries(headers), Instant.ofEpochMilli(record.timestamp()),
				orElse(text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC), workTopic),
				number(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION, record.partition()),
				number(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET, -1), parse(text(headers, JobHeaders.REDRIVE_COUNT)));
	}

	/**
	 * Whether its value breaks the job contract: a redrive would only dead-letter it
	 * again.
	 */
	public boolean breaksContract() {
		return this.reason != null
				&& java.util.Arrays.stream(ValueRule.values()).anyMatch((rule) -> rule.code().equals(this.reason));
	}

	/** Its position in the dead-letter topic, {@code partition:offset}. */
	public String position() {
		return this.partition + ":" + this.offset;
	}

	/** The value as shown: UTF-8 text with anything else escaped, cut to a length. */
	static String shown(byte[] value) {
		if (value == null) {
			return "(null)";
		}
		byte[] head = Arrays.copyOf(value, Math.min(value.length, SHOWN_BYTES));
		StringBuilder shown = new StringBuilder();
		int i = 0;
		while (i < head.length) {
			int length = utf8Length(head, i);
			if (length > 0) {
				String character = new String(head, i, length, StandardCharsets.UTF_8);
				int codePoint = character.codePointAt(0);
				if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT) {
					shown.append("\\u%04x".formatted(codePoint));
				}
				else {
					shown.append(character);
				}
				i += length;
			}
			else {
				shown.append("\\x%02x".formatted(head[i] & 0xff));
				i++;
			}
		}
		if (value.length > SHOWN_BYTES) {
			shown.append("... (").append(value.length).append(" bytes)");
		}
		return shown.toString();
	}

	/** The length of a well-formed UTF-8 character at {@code i}, or 0. */
	private static int utf8Length(byte[] bytes, int i) {
		int first = bytes[i] & 0xff;
		int length = (first < 0x80) ? 1 : (first >= 0xc2 && first < 0xe0) ? 2
				: (first >= 0xe0 && first < 0xf0) ? 3 : (first >= 0xf0 && first < 0xf5) ? 4 : 0;
		if (length == 0 || i + length > bytes.length) {
			return 0;
		}
		for (int k = 1; k < length; k++) {
			if ((bytes[i + k] & 0xc0) != 0x80) {
				return 0;
			}
		}
		String decoded = new String(bytes, i, length, StandardCharsets.UTF_8);
		return (decoded.codePointCount(0, decoded.length()) == 1 && decoded.codePointAt(0) != 0xfffd) ? length : 0;
	}

	private static Integer tries(Headers headers) {
		String count = text(headers, JobHeaders.DELIVERY_COUNT);
		if (count != null) {
			return parse(count);
		}
		Header attempt = headers.lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
		return (attempt != null && attempt.value().length == Integer.BYTES) ? ByteBuffer.wrap(attempt.value()).getInt()
				: null;
	}

	private static String text(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static long number(Headers headers, String name, long otherwise) {
		Header header = headers.lastHeader(name);
		if (header == null) {
			return otherwise;
		}
		return (header.value().length == Long.BYTES) ? ByteBuffer.wrap(header.value()).getLong()
				: (header.value().length == Integer.BYTES) ? ByteBuffer.wrap(header.value()).getInt() : otherwise;
	}

	private static int number(Headers headers, String name, int otherwise) {
		return (int) number(headers, name, (long) otherwise);
	}

	private static int parse(String number) {
		try {
			return (number != null) ? Integer.parseInt(number.strip()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String orElse(String value, String otherwise) {
		return (value != null) ? value : otherwise;
	}

}
