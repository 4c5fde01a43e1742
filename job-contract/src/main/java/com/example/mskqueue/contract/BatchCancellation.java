package com.example.mskqueue.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A batch's cancellation: a record on the control topic
 * ({@link QueueTopics#controlTopicOf}) keyed {@code cancel:<batch>}. The topic is
 * compacted, so it keeps the newest cancellation of every batch, and every consumer reads
 * it whole when it starts: a consumer started after a cancellation skips the batch's jobs
 * too. Cancelling twice writes the same key again, which changes nothing but
 * {@code interruptRunning}.
 *
 * @param batch the batch's id (the {@code batch-id} header of its jobs)
 * @param at when it was cancelled
 * @param interruptRunning whether jobs of the batch already running are interrupted too
 * (through {@code JobWork}'s interruption), rather than left to finish
 */
public record BatchCancellation(String batch, Instant at, boolean interruptRunning) {

	/** The prefix of a cancellation's key on the control topic. */
	public static final String KEY_PREFIX = "cancel:";

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The control topic's key of this cancellation. */
	public String key() {
		return KEY_PREFIX + this.batch;
	}

	public byte[] toJson() {
		ObjectNode node = json.createObjectNode();
		node.put("batch", this.batch);
		node.put("at", this.at.toString());
		node.put("interruptRunning", this.interruptRunning);
		return json.writeValueAsBytes(node);
	}

	/**
	 * The cancellation a control record stands for, or empty if it is another kind of
	 * control record (or one this version cannot read).
	 */
	public static Optional<BatchCancellation> of(String key, byte[] value) {
		if (key == null || !key.startsWith(KEY_PREFIX) || value == null) {
			return Optional.empty();
		}
		try {
			JsonNode node = json.readTree(value);
			return Optional.of(new BatchCancellation(node.path("batch").asString(key.substring(KEY_PREFIX.length())),
					Instant.parse(node.path("at").asString()), node.path("interruptRunning").asBoolean(false)));
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/** The same, from a control record read as text. */
	public static Optional<BatchCancellation> of(String key, String value) {
		return of(key, (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null);
	}

}
