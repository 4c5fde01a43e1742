package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When and how the lock of a record in hand is renewed: every half of the lock the broker
 * reports, with a request of its own, saying whether the broker took it.
 * <p>
 * Left to the next poll (what {@code ShareAcknowledgment.renew()} does), a renewal rides
 * on a share fetch, which also acquires the next record. That record then waits in the
 * client's buffer, its lock running, until the job in hand is done: a job queued behind a
 * long one started with most of its lock used up and lost it at its first renewal, and
 * was done twice. Sent alone, the renewal fetches nothing, and the next record is only
 * acquired when it can start at once.
 */
final class RecordLockRenewal {

	private static final Logger log = LoggerFactory.getLogger(RecordLockRenewal.class);

	private final Duration configuredLock;

	/** The last lock the broker reported that differs from the configured one. */
	private final AtomicReference<Duration> differentLock = new AtomicReference<>();

	/**
	 * Create a renewal for records whose lock is {@code configuredLock} unless the broker
	 * says otherwise.
	 * @param configuredLock {@code RECORD_LOCK_DURATION}
	 */
	RecordLockRenewal(Duration configuredLock) {
		this.configuredLock = configuredLock;
	}

	/**
	 * How long a job may run before its lock is renewed: half the lock the broker applies
	 * to the records this consumer fetched, leaving the other half for the renewal. The
	 * broker's word counts, not {@code RECORD_LOCK_DURATION}: where an operator
	 * configures the share group, a shorter group lock would otherwise expire under every
	 * job longer than it and hand the job to another member, again and again.
	 */
	Duration renewAfter(ShareConsumer<?, ?> consumer) {
		Duration lock = consumer.acquisitionLockTimeoutMs().map(Duration::ofMillis).orElse(this.configuredLock);
		if (!lock.equals(this.configuredLock) && !lock.equals(this.differentLock.getAndSet(lock))) {
			log.warn(
					"The share group's record lock is {} ms (the broker's answer), not RECORD_LOCK_DURATION={} ms; "
							+ "running jobs renew it every {} ms. Set RECORD_LOCK_DURATION to the group's "
							+ "share.record.lock.duration.ms",
					lock.toMillis(), this.configuredLock.toMillis(), lock.dividedBy(2).toMillis());
		}
		return lock.dividedBy(2);
	}

	/**
	 * How long a job may run on before its lock is renewed: until half a lock after the
	 * lock may have started. The share consumer fetches a worker's next record while its
	 * job in hand runs, so that record's lock starts before its job does; counting half a
	 * lock from the job's start, a job that followed a long one was renewed after its
	 * lock ran out, refused, and done again by another worker.
	 * @param lockedSince the earliest the lock may have started: when the same consumer
	 * handed out the record before it (that record's whole job, renewals included, may
	 * have passed since), or the last renewal
	 * @param renewAfter {@link #renewAfter}
	 */
	static Duration untilRenewal(Instant lockedSince, Duration renewAfter, Instant now) {
		Duration left = Duration.between(now, lockedSince.plus(renewAfter));
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		return (left.compareTo(renewAfter) > 0) ? renewAfter : left;
	}

	/**
	 * Renew {@code record}'s lock; the share consumer hands the record back on its next
	 * poll if it was renewed, and drops it if not.
	 * @param timeout how long to wait for the broker's answer: {@link #renewAfter}, since
	 * past half a lock the lock the renewal meant to keep would have expired anyway
	 * @return the broker's refusal, or empty if the lock was renewed
	 */
	<K, V> Optional<String> renew(ShareConsumer<K, V> consumer, ConsumerRecord<K, V> record, Duration timeout) {
		consumer.acknowledge(record, AcknowledgeType.RENEW);
		try {
			Map<TopicIdPartition, Optional<KafkaException>> results = consumer.commitSync(timeout);
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
