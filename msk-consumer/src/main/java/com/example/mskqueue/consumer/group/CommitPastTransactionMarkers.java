package com.example.mskqueue.consumer.group;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;

/**
 * Redriven jobs are written in transactions, whose commit marker takes the offset after
 * the last job: once a partition is drained, its committed offset is moved past the
 * marker, else its lag stays at 1 (and lag-based scaling never scales in). Done when the
 * worker is idle, on its own consumer thread (idle events are published there), and only
 * for the partitions it still holds: the consumer's position is then the next record it
 * would hand out, so nothing fetched is skipped. (spring-kafka's {@code fixTxOffsets} did
 * this after every poll, and a poll that met a revocation threw there and dropped its
 * record.) The committed offsets are fetched only for partitions whose position moved
 * since the last look, so an idle worker asks the group coordinator nothing.
 */
class CommitPastTransactionMarkers {

	private static final Logger log = LoggerFactory.getLogger(CommitPastTransactionMarkers.class);

	/** Each partition's position when it was last found settled (committed up to it). */
	private final Map<TopicPartition, Long> settledAt = new ConcurrentHashMap<>();

	@EventListener
	void idle(ListenerContainerIdleEvent event) {
		Consumer<?, ?> consumer = event.getConsumer();
		try {
			Map<TopicPartition, Long> moved = new HashMap<>();
			for (TopicPartition partition : consumer.assignment()) {
				long position = consumer.position(partition);
				if (!Long.valueOf(position).equals(this.settledAt.get(partition))) {
					moved.put(partition, position);
				}
			}
			if (moved.isEmpty()) {
				return;
			}
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(moved.keySet());
			Map<TopicPartition, OffsetAndMetadata> past = new HashMap<>();
			moved.forEach((partition, position) -> {
				OffsetAndMetadata current = committed.get(partition);
				if (current != null && position > current.offset()) {
					past.put(partition, new OffsetAndMetadata(position));
				}
			});
			if (!past.isEmpty()) {
				consumer.commitSync(past);
			}
			moved.forEach((partition, position) -> {
				OffsetAndMetadata current = committed.get(partition);
				// Nothing committed yet: nothing done on it, so no marker to pass either.
				if (past.containsKey(partition) || current == null || current.offset() == position) {
					this.settledAt.put(partition, position);
				}
			});
		}
		catch (RuntimeException ex) {
			// The assignment moved meanwhile: the next idle moment tries again.
			log.debug("Could not commit past transaction markers: {}", ex.toString());
		}
	}

}
