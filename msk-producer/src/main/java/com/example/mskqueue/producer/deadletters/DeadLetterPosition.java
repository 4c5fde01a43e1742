package com.example.mskqueue.producer.deadletters;

import java.util.Comparator;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a dead letter is in the dead-letter topic, as a redrive request lists it
 * ({@code <partition>:<offset>}, {@link DeadLetter#position()}).
 *
 * @param partition its partition
 * @param offset its offset
 */
record DeadLetterPosition(int partition, long offset) {

	/** Partition by partition, in offset order: the order a redrive moves them in. */
	static final Comparator<DeadLetterPosition> OFFSET_ORDER = Comparator.comparingInt(DeadLetterPosition::partition)
		.thenComparingLong(DeadLetterPosition::offset);

	static DeadLetterPosition parse(String position) {
		int colon = position.indexOf(':');
		return new DeadLetterPosition(Integer.parseInt(position.substring(0, colon)),
				Long.parseLong(position.substring(colon + 1)));
	}

	/**
	 * Whether a redrive whose committed positions in {@code topic} are these has moved
	 * it: a redrive's position says that everything before it moved.
	 */
	boolean movedBy(Map<TopicPartition, Long> committed, String topic) {
		Long next = committed.get(new TopicPartition(topic, this.partition));
		return next != null && this.offset < next;
	}

}
