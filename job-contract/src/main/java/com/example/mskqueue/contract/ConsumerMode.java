package com.example.mskqueue.contract;

/**
 * How the consumers share the work ({@code CONSUMER_MODE}). The producer reads the same
 * setting, so that it watches the group the consumers are in and suggests the partitions
 * that suit them.
 */
public enum ConsumerMode {

	/**
	 * A consumer group: each partition is worked by one consumer, in order. Any Kafka
	 * version. Work topics get 5 partitions by default: one consumer per partition.
	 */
	GROUP(5),

	/**
	 * A share group (KIP-932, Apache Kafka 4.2+): consumers share partitions and settle
	 * each job on its own; no order. Work topics get 1 partition by default: the brokers
	 * share a partition among about members / partitions members, so with one, every
	 * member takes every job.
	 */
	QUEUE(1);

	/**
	 * A share group's id is the consumer group's id with this suffix: an id is one kind
	 * or the other.
	 */
	public static final String SHARE_GROUP_SUFFIX = "-queue";

	private final int defaultPartitions;

	ConsumerMode(int defaultPartitions) {
		this.defaultPartitions = defaultPartitions;
	}

	/** The partitions a new work topic gets unless configured otherwise. */
	public int defaultPartitions() {
		return this.defaultPartitions;
	}

	/**
	 * The share group the consumers of {@code consumerGroup} join in queue mode, unless
	 * named otherwise.
	 */
	public static String shareGroupOf(String consumerGroup) {
		return consumerGroup + SHARE_GROUP_SUFFIX;
	}

}
