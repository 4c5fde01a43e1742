package com.example.mskqueue.producer.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control topic's records of a redrive, each under a key of its own so that no writer
 * overwrites another's: the request ({@code redrive:<id>}, written once by the task that
 * took it), a cancellation ({@code redrive-cancel:<id>}, by any task) and the redrive's
 * state ({@code redrive-state:<id>}, by the task that runs it).
 */
final class RedriveRecords {

	static final String REQUEST = "redrive:";

	static final String CANCEL = "redrive-cancel:";

	static final String STATE = "redrive-state:";

	private static final JsonMapper json = JsonMapper.builder().build();

	private RedriveRecords() {
	}

	static byte[] stateJson(State state, Instant at) {
		return json.writeValueAsBytes(json.createObjectNode().put("state", state.wireName()).put("at", at.toString()));
	}

	static byte[] cancelJson(Instant at) {
		return json.writeValueAsBytes(json.createObjectNode().put("at", at.toString()));
	}

	static Optional<Request> request(String key, byte[] value) {
		if (key == null || !key.startsWith(REQUEST) || value == null) {
			return Optional.empty();
		}
		try {
			JsonNode node = json.readTree(value);
			return Optional.of(new Request(node.path("id").asString(), Instant.parse(node.path("at").asString()),
					node.path("rate").asInt(10), node.path("filters").asString(""),
					node.path("positions").valueStream().map(JsonNode::asString).toList(),
					node.path("refused")
						.valueStream()
						.map((refusal) -> new Refusal(refusal.path("position").asString(),
								refusal.path("key").asString(), refusal.path("why").asString()))
						.toList()));
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	static Optional<State> state(String key, byte[] value) {
		if (key == null || !key.startsWith(STATE) || value == null) {
			return Optional.empty();
		}
		try {
			String state = json.readTree(value).path("state").asString("");
			return java.util.Arrays.stream(State.values()).filter((s) -> s.wireName().equals(state)).findFirst();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	static String idOf(String key) {
		return key.substring(key.indexOf(':') + 1);
	}

	static String text(byte[] json) {
		return new String(json, StandardCharsets.UTF_8);
	}

	/**
	 * A redrive as requested: what was chosen, when, at what rate.
	 *
	 * @param id its id
	 * @param at when it was requested
	 * @param rate jobs per second
	 * @param filters the filters it was asked for, as the pages show them
	 * @param positions the dead letters chosen ({@code partition:offset} in the
	 * dead-letter topic), in offset order per partition
	 * @param refused the dead letters that matched but were refused, each with why
	 */
	record Request(String id, Instant at, int rate, String filters, List<String> positions, List<Refusal> refused) {

		String key() {
			return REQUEST + this.id;
		}

		byte[] toJson() {
			ObjectNode node = json.createObjectNode();
			node.put("id", this.id);
			node.put("at", this.at.toString());
			node.put("rate", this.rate);
			node.put("filters", this.filters);
			ArrayNode positions = node.putArray("positions");
			this.positions.forEach(positions::add);
			ArrayNode refused = node.putArray("refused");
			this.refused.forEach((refusal) -> refused.addObject()
				.put("position", refusal.position())
				.put("key", refusal.key())
				.put("why", refusal.why()));
			return json.writeValueAsBytes(node);
		}

	}

	/**
	 * A dead letter a redrive did not take, and why.
	 *
	 * @param position its position in the dead-letter topic
	 * @param key its job's key
	 * @param why why it was refused
	 */
	record Refusal(String position, String key, String why) {
	}

	/** A redrive's state, as the task that runs it writes it. */
	enum State {

		RUNNING, DONE, CANCELLED;

		String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
