package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;

/**
 * Renews the lock of a record in hand with a request of its own, and says whether the
 * broker took it.
 * <p>
 * Left to the next poll (what {@code ShareAcknowledgment.renew()} does), a renewal rides
 * on a share fetch, which also acquires the next record. That record then waits in the
 * client's buffer, its lock running, until the job in hand is done: a job queued behind a
 * long one started with most of its lock used up and lost it at its first renewal, and
 * was done twice. Sent alone, the renewal fetches nothing, and the next record is only
 * acquired when it can start at once.
 */
final class RecordLockRenewal {

	private final Duration timeout;

	/**
	 * Create a renewal that waits a bounded time for the broker.
	 * @param timeout how long to wait for the broker's answer: past half a lock, the lock
	 * the renewal meant to keep would have expired anyway
	 */
	RecordLockRenewal(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Renew {@code record}'s lock; the share consumer hands the record back on its next
	 * poll if it was renewed, and drops it if not.
	 * @return the broker's refusal, or empty if the lock was renewed
	 */
	<K, V> Optional<String> renew(ShareConsumer<K, V> consumer, ConsumerRecord<K, V> record) {
		consumer.acknowledge(record, AcknowledgeType.RENEW);
		try {
			Map<TopicIdPartition, Optional<KafkaException>> results = consumer.commitSync(this.timeout);
			return results.values()
				.stream()
				.flatMap(Optional::stream)
				.map(KafkaException::toString)
				.findFirst()
				.or(() -> results.isEmpty() ? Optional.of("no answer from the broker") : Optional.empty());
		}
		catch (KafkaException ex) {
			return Optional.of(ex.toString());
		}
	}

}
