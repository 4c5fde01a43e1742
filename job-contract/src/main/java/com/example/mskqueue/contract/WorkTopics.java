package com.example.mskqueue.contract;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Work topics and their dead-letter twins: what a work topic may be called, the twin's
 * name, and how the pair is created. Whoever creates a missing pair (the producer on a
 * form's request, the consumer at startup) creates it this way; neither ever changes a
 * topic that exists.
 */
public final class WorkTopics {

	/** A work topic's dead letters go to the topic of the same name with this suffix. */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	/** The longest topic name Kafka accepts. */
	public static final int MAX_TOPIC_LENGTH = 249;

	/** The longest work topic: its dead-letter twin must be a legal name too. */
	public static final int MAX_WORK_TOPIC_LENGTH = MAX_TOPIC_LENGTH - DEAD_LETTER_SUFFIX.length();

	/**
	 * The largest dead letter: the original record plus exception headers (a stack
	 * trace), with room beyond the brokers' 1 MB default so that one large bad record can
	 * always be dead-lettered instead of retried forever. The consumer's dead-letter
	 * producer sends up to it.
	 */
	public static final int DEAD_LETTER_MAX_BYTES = 8 * 1024 * 1024;

	private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

	private WorkTopics() {
	}

	/** The dead-letter topic of {@code workTopic}. */
	public static String deadLetterTopicOf(String workTopic) {
		return workTopic + DEAD_LETTER_SUFFIX;
	}

	/**
	 * Whether {@code topic} is named as a dead-letter topic, which is never a work topic.
	 */
	public static boolean isDeadLetterTopic(String topic) {
		return topic.endsWith(DEAD_LETTER_SUFFIX);
	}

	/**
	 * What is wrong with {@code name} as a work topic, phrased as what to fix, or empty
	 * when it is a legal work topic whose dead-letter twin is legal too.
	 */
	public static Optional<String> problem(String name) {
		if (name.length() > MAX_WORK_TOPIC_LENGTH || !LEGAL.matcher(name).matches()) {
			return Optional.of("must be 1 to " + MAX_WORK_TOPIC_LENGTH + " characters of letters, digits, '.', '_' "
					+ "and '-' (its dead-letter topic adds '" + DEAD_LETTER_SUFFIX + "' to the " + MAX_TOPIC_LENGTH
					+ " Kafka allows)");
		}
		if (name.equals(".") || name.equals("..")) {
			return Optional.of("cannot be '.' or '..'");
		}
		if (name.startsWith("__")) {
			return Optional.of("names an internal topic (starts with '__')");
		}
		if (isDeadLetterTopic(name)) {
			return Optional.of("names a dead-letter topic (ends with '" + DEAD_LETTER_SUFFIX
					+ "'): jobs sent there would never be done");
		}
		if (QueueTopics.isReserved(name)) {
			return Optional.of("names a lifecycle or control topic (ends with '" + QueueTopics.LIFECYCLE_SUFFIX
					+ "' or '" + QueueTopics.CONTROL_SUFFIX + "'): jobs sent there would never be done");
		}
		return Optional.empty();
	}

	/**
	 * An existing topic whose name collides with {@code name}'s or its dead-letter
	 * twin's: Kafka refuses two topics whose names differ only in '.' and '_' (they share
	 * metric names).
	 */
	public static Optional<String> collision(String name, Collection<String> existing) {
		List<String> wanted = List.of(name, deadLetterTopicOf(name));
		return existing.stream()
			.filter((topic) -> wanted.stream().anyMatch((candidate) -> collide(candidate, topic)))
			.findFirst();
	}

	/**
	 * A new work topic and its dead-letter twin, with the same partition count (a dead
	 * letter goes to its record's partition) and the cluster's default replication
	 * factor.
	 */
	public static List<NewTopic> newPair(String workTopic, int partitions) {
		return List.of(new NewTopic(workTopic, Optional.of(partitions), Optional.empty()),
				new NewTopic(deadLetterTopicOf(workTopic), Optional.of(partitions), Optional.empty())
					.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_MAX_BYTES))));
	}

	private static boolean collide(String a, String b) {
		return !a.equals(b) && a.replace('.', '_').equals(b.replace('.', '_'));
	}

}
