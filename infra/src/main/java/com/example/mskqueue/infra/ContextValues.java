package com.example.mskqueue.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import software.amazon.awscdk.App;
import software.constructs.Node;

/**
 * Typed values from the CDK context ({@code cdk.json} or {@code -c key=value}): a value
 * that cannot be read names its key and what it accepts, before any stack is built.
 */
final class ContextValues {

	private final Node node;

	ContextValues(App app) {
		this.node = app.getNode();
	}

	String string(String key, String fallback) {
		Object value = this.node.tryGetContext(key);
		return (value != null && !value.toString().isBlank()) ? value.toString().trim() : fallback;
	}

	String required(String key, String example) {
		String value = string(key, null);
		if (value == null) {
			throw new IllegalArgumentException("Missing deployment setting " + key + ": give it with -c " + key + "="
					+ example + " (see docs/deploy.md)");
		}
		return value;
	}

	int integer(String key, int fallback) {
		String value = string(key, null);
		if (value == null) {
			return fallback;
		}
		if (!value.matches("[0-9]{1,9}")) {
			throw new IllegalArgumentException(
					"Deployment setting " + key + " must be a whole number, got '" + value + "'");
		}
		return Integer.parseInt(value);
	}

	boolean bool(String key, boolean fallback) {
		String value = string(key, null);
		if (value == null) {
			return fallback;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(
					"Deployment setting " + key + " must be true or false, got '" + value + "'");
		};
	}

	/**
	 * A list: a JSON array in {@code cdk.json}, or comma-separated on the command line.
	 */
	List<String> list(String key) {
		Object value = this.node.tryGetContext(key);
		if (value == null) {
			return List.of();
		}
		if (value instanceof List<?> items) {
			return items.stream().map(Object::toString).map(String::trim).filter((item) -> !item.isEmpty()).toList();
		}
		return Arrays.stream(value.toString().split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

	<E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
		String value = string(key, null);
		if (value == null) {
			return fallback;
		}
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Deployment setting " + key + " must be one of "
					+ Arrays.stream(type.getEnumConstants())
						.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
						.toList()
					+ ", got '" + value + "'");
		}
	}

}
