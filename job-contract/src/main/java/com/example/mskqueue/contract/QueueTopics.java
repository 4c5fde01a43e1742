package com.example.mskqueue.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The two topics that belong to the watched work topic besides its dead-letter twin:
 * <ul>
 * <li>{@code <work topic>-lifecycle}: every job's history ({@link JobEvent}s keyed by the
 * job's key), deleted after the lifecycle retention;</li>
 * <li>{@code <work topic>-control}: compacted, one partition: batch cancellations (and
 * redrive requests), which every consumer reads whole at start.</li>
 * </ul>
 * Whoever may create topics creates a missing one this way at startup (the producer
 * always; the consumer where it may), and neither changes one that exists.
 */
public final class QueueTopics {

	/** The lifecycle topic of a work topic has this suffix. */
	public static final String LIFECYCLE_SUFFIX = "-lifecycle";

	/** The control topic of a work topic has this suffix. */
	public static final String CONTROL_SUFFIX = "-control";

	/**
	 * Partitions of a new lifecycle topic: its events are keyed by job, so that a job's
	 * events stay in order; three spread them over a cluster's three brokers.
	 */
	public static final int LIFECYCLE_PARTITIONS = 3;

	/**
	 * The longest watched work topic: its lifecycle topic must be a legal name too.
	 */
	public static final int MAX_WATCHED_TOPIC_LENGTH = WorkTopics.MAX_TOPIC_LENGTH - LIFECYCLE_SUFFIX.length();

	private QueueTopics() {
	}

	public static String lifecycleTopicOf(String workTopic) {
		return workTopic + LIFECYCLE_SUFFIX;
	}

	public static String controlTopicOf(String workTopic) {
		return workTopic + CONTROL_SUFFIX;
	}

	/**
	 * Whether {@code topic} is named as a lifecycle or control topic, never a work topic.
	 */
	public static boolean isReserved(String topic) {
		return topic.endsWith(LIFECYCLE_SUFFIX) || topic.endsWith(CONTROL_SUFFIX);
	}

	/**
	 * What is wrong with {@code workTopic} as the work topic the services watch, or
	 * empty.
	 */
	public static Optional<String> watchedTopicProblem(String workTopic) {
		Optional<String> problem = WorkTopics.problem(workTopic);
		if (problem.isPresent()) {
			return problem;
		}
		if (workTopic.length() > MAX_WATCHED_TOPIC_LENGTH) {
			return Optional.of("must be at most " + MAX_WATCHED_TOPIC_LENGTH + " characters (its lifecycle topic adds '"
					+ LIFECYCLE_SUFFIX + "')");
		}
		return Optional.empty();
	}

	/**
	 * The lifecycle and control topics of {@code workTopic}, with the cluster's default
	 * replication factor.
	 * @param retention how long the lifecycle topic keeps events (and the control topic a
	 * cancellation), so that what the view holds is bounded
	 */
	public static List<NewTopic> newTopics(String workTopic, Duration retention) {
		String retentionMillis = Long.toString(retention.toMillis());
		return List.of(
				new NewTopic(lifecycleTopicOf(workTopic), Optional.of(LIFECYCLE_PARTITIONS), Optional.empty())
					.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMillis)),
				new NewTopic(controlTopicOf(workTopic), Optional.of(1), Optional.empty())
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
							TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
							TopicConfig.RETENTION_MS_CONFIG, retentionMillis)));
	}

}
