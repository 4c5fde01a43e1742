package com.example.mskqueue.consumer.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.QueueTopics;

/**
 * The batches cancelled so far, read from the work topic's control topic: read whole
 * while the application starts, before any listener takes a job, so that a consumer
 * started after a cancellation skips the batch's jobs too, then followed every second, so
 * that a running consumer learns of a cancellation within about a second. A cancellation
 * that asks for it interrupts the batch's running jobs.
 * <p>
 * The control topic is read by assignment: no group, nothing committed, every consumer
 * reads all of it.
 */
@Component
public class Cancellations implements SmartLifecycle, InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

	/** How long start-up waits to have read the control topic whole. */
	static final Duration READ_WHOLE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofSeconds(1);

	/** How often a missing control topic is looked for again. */
	private static final Duration LOOK_AGAIN = Duration.ofSeconds(10);

	private final Map<String, Object> consumerConfig;

	private final String controlTopic;

	private final boolean enabled;

	private final RunningJobs running;

	private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

	private volatile Consumer<String, byte[]> consumer;

	private volatile Thread follower;

	private volatile boolean stopping;

	Cancellations(KafkaProperties kafka, ConsumerProperties jobs, LifecycleProperties lifecycle, RunningJobs running) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		// Read by assignment: no group, no commit, no consumer-group protocol.
		List.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
				ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.MAX_POLL_RECORDS_CONFIG)
			.forEach(config::remove);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cancellations-" + jobs.consumerGroup());
		this.consumerConfig = config;
		this.controlTopic = QueueTopics.controlTopicOf(jobs.topic());
		this.enabled = lifecycle.enabled();
		this.running = running;
	}

	/** Whether the jobs of {@code batch} are cancelled. */
	public boolean isCancelled(String batch) {
		return batch != null && this.cancelled.contains(batch);
	}

	/**
	 * Read the control topic whole before anything can take a job: bean initialization
	 * comes before any listener container starts, whatever its lifecycle phase.
	 */
	@Override
	public void afterPropertiesSet() {
		start();
	}

	@Override
	public void start() {
		if (!this.enabled || isRunning()) {
			return;
		}
		this.stopping = false;
		CountDownLatch readWhole = new CountDownLatch(1);
		Thread thread = new Thread(() -> follow(readWhole), "cancellations");
		thread.setDaemon(true);
		this.follower = thread;
		thread.start();
		try {
			if (!readWhole.await(READ_WHOLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn(
						"Could not read the control topic {} within {} s; the consumer starts, and honours the "
								+ "batch cancellations it reads later",
						this.controlTopic, READ_WHOLE_TIMEOUT.toSeconds());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void follow(CountDownLatch readWhole) {
		Instant lookedAt = Instant.MIN;
		try (Consumer<String, byte[]> created = new KafkaConsumer<>(this.consumerConfig)) {
			this.consumer = created;
			List<TopicPartition> partitions = List.of();
			Map<TopicPartition, Long> wholeUpTo = Map.of();
			while (!this.stopping) {
				if (partitions.isEmpty() && Instant.now().isAfter(lookedAt.plus(LOOK_AGAIN))) {
					lookedAt = Instant.now();
					partitions = assign(created);
					if (partitions.isEmpty()) {
						if (readWhole.getCount() > 0) {
							log.info("No control topic {} yet: no batch is cancelled", this.controlTopic);
							readWhole.countDown();
						}
					}
					else {
						wholeUpTo = created.endOffsets(partitions);
					}
				}
				if (partitions.isEmpty()) {
					sleep();
					continue;
				}
				for (ConsumerRecord<String, byte[]> record : created.poll(POLL)) {
					BatchCancellation.of(record.key(), record.value()).ifPresent(this::cancel);
				}
				if (readWhole.getCount() > 0 && isWholeRead(created, wholeUpTo)) {
					log.info("Read the control topic {}: {} batches cancelled", this.controlTopic,
							this.cancelled.size());
					readWhole.countDown();
				}
			}
		}
		catch (WakeupException | InterruptException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			log.warn("Stopped following the control topic {}: {}", this.controlTopic, ex.toString());
		}
		finally {
			readWhole.countDown();
			this.consumer = null;
		}
	}

	private List<TopicPartition> assign(Consumer<String, byte[]> created) {
		List<TopicPartition> partitions;
		try {
			partitions = created.partitionsFor(this.controlTopic, Duration.ofSeconds(5))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
		}
		catch (org.apache.kafka.common.errors.TimeoutException ex) {
			return List.of();
		}
		if (!partitions.isEmpty()) {
			created.assign(partitions);
			created.seekToBeginning(partitions);
		}
		return partitions;
	}

	private static boolean isWholeRead(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> upTo) {
		return upTo.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

	private void cancel(BatchCancellation cancellation) {
		boolean first = this.cancelled.add(cancellation.batch());
		if (first) {
			log.info("Batch {} is cancelled (at {}): its jobs not yet started are settled without being run",
					cancellation.batch(), cancellation.at());
		}
		if (cancellation.interruptRunning()) {
			this.running.interruptBatch(cancellation.batch());
		}
	}

	private void sleep() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping = true;
		}
	}

	@Override
	public void stop() {
		this.stopping = true;
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.follower;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		Thread thread = this.follower;
		return thread != null && thread.isAlive();
	}

	/** Starts before the listener containers and stops after them. */
	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
	}

}
