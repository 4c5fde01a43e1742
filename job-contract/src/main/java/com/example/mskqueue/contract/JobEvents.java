package com.example.mskqueue.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lifecycle topic's wire format: one JSON object per {@link JobEvent}, UTF-8, fields
 * that do not apply left out, states by their wire names. A reader skips an event whose
 * state it does not know (written by a newer version) rather than failing on it.
 */
public final class JobEvents {

	private static final JsonMapper json = JsonMapper.builder().build();

	private JobEvents() {
	}

	public static byte[] toJson(JobEvent event) {
		ObjectNode node = json.createObjectNode();
		node.put("state", event.state().wireName());
		node.put("at", event.at().toString());
		node.put("topic", event.topic());
		node.put("partition", event.partition());
		node.put("offset", event.offset());
		putIfPresent(node, "batch", event.batch());
		putIfPresent(node, "consumer", event.consumer());
		putIfPresent(node, "worker", event.worker());
		if (event.attempt() != null) {
			node.put("attempt", event.attempt());
		}
		if (event.startedAt() != null) {
			node.put("startedAt", event.startedAt().toString());
		}
		if (event.waitMillis() != null) {
			node.put("waitMillis", event.waitMillis());
		}
		if (event.runMillis() != null) {
			node.put("runMillis", event.runMillis());
		}
		putIfPresent(node, "reason", event.reason());
		putIfPresent(node, "redrive", event.redrive());
		return json.writeValueAsBytes(node);
	}

	/**
	 * The event in {@code bytes}, or empty if they are not an event this version can
	 * read.
	 */
	public static Optional<JobEvent> fromJson(byte[] bytes) {
		if (bytes == null) {
			return Optional.empty();
		}
		try {
			JsonNode node = json.readTree(bytes);
			Optional<JobState> state = JobState.ofWireName(node.path("state").asString(""));
			if (state.isEmpty() || !node.path("at").isString()) {
				return Optional.empty();
			}
			return Optional.of(new JobEvent(state.get(), Instant.parse(node.path("at").asString()),
					node.path("topic").asString(null), node.path("partition").asInt(), node.path("offset").asLong(),
					text(node, "batch"), text(node, "consumer"), text(node, "worker"),
					node.has("attempt") ? node.path("attempt").asInt() : null, instant(node, "startedAt"),
					node.has("waitMillis") ? node.path("waitMillis").asLong() : null,
					node.has("runMillis") ? node.path("runMillis").asLong() : null, text(node, "reason"),
					text(node, "redrive")));
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/** {@code text} as UTF-8, for the string-valued readers. */
	public static Optional<JobEvent> fromJson(String text) {
		return (text != null) ? fromJson(text.getBytes(StandardCharsets.UTF_8)) : Optional.empty();
	}

	private static void putIfPresent(ObjectNode node, String field, String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static Instant instant(JsonNode node, String field) {
		String text = text(node, field);
		return (text != null) ? Instant.parse(text) : null;
	}

}
