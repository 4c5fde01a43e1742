package com.example.mskqueue.producer.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.producer.sending.SendActivity;

/**
 * Reads the work topic's jobs into the {@link JobStore}, on a thread of its own: the work
 * topic itself (each record is a job's {@code queued} step, whoever wrote it), its
 * lifecycle topic (the consumers' steps) and its control topic (cancellations). It reads
 * by assignment (no group, nothing committed), committed records only, from the
 * retention's start, so that every producer task holds the same view; until it has read
 * what the topics held when it started, the view says it is loading. Topics that appear
 * later (the work topic on the form's first use) are picked up within
 * {@link #LOOK_AGAIN}.
 */
final class JobViewReader implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JobViewReader.class);

	/** How often topics not yet read, or their new partitions, are looked for. */
	static final Duration LOOK_AGAIN = Duration.ofSeconds(10);

	/** How often jobs older than the retention are forgotten. */
	static final Duration FORGET_EVERY = Duration.ofMinutes(10);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final int FETCH_MIN_BYTES = 64 * 1024;

	/** The longest the view leaves the work topic unread while batches are sent. */
	static final Duration YIELD_AT_MOST = Duration.ofSeconds(10);

	/** Since when the work topic is left unread for a send, or {@code null}. */
	private Instant yieldingSince;

	private final Map<String, Object> consumerConfig;

	private final Admin admin;

	private final JobStore store;

	private final LifecycleProperties properties;

	private final String workTopic;

	private final Thread thread;

	/** Where the view must have read up to before it stops loading; empty once it has. */
	private volatile Map<TopicPartition, Long> loadingUpTo = Map.of();

	private volatile boolean loaded;

	private volatile boolean stopping;

	private volatile Consumer<String, byte[]> consumer;

	private final SendActivity sending;

	private final List<ViewFeed> feeds;

	JobViewReader(KafkaProperties kafka, Admin admin, JobStore store, LifecycleProperties properties, String workTopic,
			SendActivity sending, List<ViewFeed> feeds) {
		this.sending = sending;
		this.feeds = feeds;
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// Redriven jobs are written in transactions: an aborted one never happened.
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "job-view");
		// A view may lag by half a second: one fetch per half second under a steady
		// trickle of steps, not one per step, spares the brokers and this task.
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
		this.consumerConfig = config;
		this.admin = admin;
		this.store = store;
		this.properties = properties;
		this.workTopic = workTopic;
		this.thread = new Thread(this::run, "job-view");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** Whether the view has read what the topics held when it started. */
	boolean loaded() {
		return this.loaded;
	}

	private void run() {
		Set<String> topics = new HashSet<>(Set.of(this.workTopic, QueueTopics.lifecycleTopicOf(this.workTopic),
				QueueTopics.controlTopicOf(this.workTopic)));
		this.feeds.forEach((feed) -> {
			feed.reset();
			topics.addAll(feed.topics(this.workTopic));
		});
		Instant lookedAt = Instant.MIN;
		Instant forgotAt = Instant.now();
		List<TopicPartition> assigned = new ArrayList<>();
		createTopics(this.admin, this.workTopic, this.properties.retention());
		try (Consumer<String, byte[]> created = new KafkaConsumer<>(this.consumerConfig)) {
			this.consumer = created;
			while (!this.stopping) {
				if (Instant.now().isAfter(lookedAt.plus(LOOK_AGAIN))) {
					lookedAt = Instant.now();
					assigned = assignNew(created, topics, assigned);
				}
				if (assigned.isEmpty()) {
					Thread.sleep(POLL.toMillis());
					continue;
				}
				yieldToSending(created, assigned);
				ConsumerRecords<String, byte[]> records = created.poll(POLL);
				// A job's queued step before its other steps when one fetch brings both.
				records.records(this.workTopic).forEach(this::apply);
				for (ConsumerRecord<String, byte[]> record : records) {
					if (!record.topic().equals(this.workTopic)) {
						apply(record);
					}
				}
				if (!this.loaded && this.loadingUpTo.entrySet()
					.stream()
					.allMatch((end) -> created.position(end.getKey()) >= end.getValue())) {
					this.loaded = true;
					log.info("Job view loaded: {} jobs of the last {} from {}", this.store.size(),
							this.properties.retention(), topics);
				}
				if (Instant.now().isAfter(forgotAt.plus(FORGET_EVERY))) {
					forgotAt = Instant.now();
					int forgotten = this.store.forgetOlderThan(Instant.now().minus(this.properties.retention()));
					if (forgotten > 0) {
						log.info("Job view: forgot {} jobs older than {}", forgotten, this.properties.retention());
					}
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.error("The job view stopped reading: {}", ex.toString(), ex);
		}
	}

	/**
	 * While this task sends a batch, leave the work topic's new records for later (at
	 * most {@link #YIELD_AT_MOST} at a time), so that the send keeps the task's CPU: the
	 * view shows a batch a moment after its POST is answered, not during it.
	 */
	private void yieldToSending(Consumer<String, byte[]> created, List<TopicPartition> assigned) {
		List<TopicPartition> work = assigned.stream()
			.filter((partition) -> partition.topic().equals(this.workTopic))
			.toList();
		boolean yield = this.loaded && this.sending.sending()
				&& (this.yieldingSince == null || this.yieldingSince.plus(YIELD_AT_MOST).isAfter(Instant.now()));
		if (yield && this.yieldingSince == null) {
			this.yieldingSince = Instant.now();
			created.pause(work);
		}
		else if (!yield && this.yieldingSince != null) {
			this.yieldingSince = null;
			created.resume(work);
		}
	}

	/**
	 * Assign the partitions of {@code topics} not yet assigned, each from the retention's
	 * start; the first time, note where the view stops loading.
	 */
	private List<TopicPartition> assignNew(Consumer<String, byte[]> created, Set<String> topics,
			List<TopicPartition> assigned) throws InterruptedException {
		List<TopicPartition> found = new ArrayList<>();
		try {
			Map<String, TopicDescription> described = describeExisting(topics);
			described.values()
				.forEach((topic) -> topic.partitions()
					.forEach((partition) -> found.add(new TopicPartition(topic.name(), partition.partition()))));
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Job view: could not describe {}: {}", topics, String.valueOf(ex.getCause()));
			if (!this.loaded && assigned.isEmpty()) {
				return assigned;
			}
		}
		List<TopicPartition> added = found.stream().filter((partition) -> !assigned.contains(partition)).toList();
		if (added.isEmpty()) {
			if (!this.loaded && assigned.isEmpty()) {
				this.loaded = true;
			}
			return assigned;
		}
		List<TopicPartition> all = new ArrayList<>(assigned);
		all.addAll(added);
		created.assign(all);
		Map<TopicPartition, Long> ends = seekToRetentionStart(created, added,
				Instant.now().minus(this.properties.retention()).toEpochMilli());
		if (!this.loaded) {
			Map<TopicPartition, Long> upTo = new HashMap<>(this.loadingUpTo);
			upTo.putAll(ends);
			this.loadingUpTo = upTo;
		}
		return all;
	}

	/**
	 * Seek each of the partitions to its first record written since {@code since}, or,
	 * when it holds none that recent, to its end as it was before the look. The end is
	 * taken first: a record written between the two questions (the first dead letter,
	 * which creates its topic, say) is then read, where an end taken after it skipped it
	 * for good.
	 * @return each partition's end offset before the look
	 */
	static Map<TopicPartition, Long> seekToRetentionStart(Consumer<?, ?> consumer, List<TopicPartition> partitions,
			long since) {
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
		Map<TopicPartition, Long> times = new HashMap<>();
		partitions.forEach((partition) -> times.put(partition, since));
		Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp start = starts.get(partition);
			consumer.seek(partition, (start != null) ? start.offset() : ends.get(partition));
		}
		return ends;
	}

	private Map<String, TopicDescription> describeExisting(Set<String> topics)
			throws ExecutionException, TimeoutException, InterruptedException {
		Map<String, TopicDescription> existing = new HashMap<>();
		var described = this.admin.describeTopics(topics).topicNameValues();
		for (var topic : described.entrySet()) {
			try {
				existing.put(topic.getKey(), topic.getValue().get(10, TimeUnit.SECONDS));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw ex;
				}
			}
		}
		return existing;
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		String topic = record.topic();
		if (topic.equals(this.workTopic)) {
			if (record.key() != null) {
				this.store.apply(record.key(), queued(record));
			}
		}
		else if (topic.equals(QueueTopics.controlTopicOf(this.workTopic))) {
			BatchCancellation.of(record.key(), record.value()).ifPresent(this.store::cancelled);
			// Every feed follows the control topic too (redrive requests, say).
			this.feeds.forEach((feed) -> feed.apply(record));
		}
		else if (topic.equals(QueueTopics.lifecycleTopicOf(this.workTopic))) {
			if (record.key() != null) {
				JobEvents.fromJson(record.value()).ifPresent((step) -> this.store.apply(record.key(), step));
			}
		}
		else {
			this.feeds.stream()
				.filter((feed) -> feed.topics(this.workTopic).contains(topic))
				.forEach((feed) -> feed.apply(record));
		}
	}

	/** A work record is its job's {@code queued} step. */
	private static JobEvent queued(ConsumerRecord<String, byte[]> record) {
		Header batch = record.headers().lastHeader(JobHeaders.BATCH_ID);
		Instant at = (record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE && record.timestamp() >= 0)
				? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
		return JobEvent.of(JobState.QUEUED, at, record.topic(), record.partition(), record.offset(),
				(batch != null) ? new String(batch.value(), StandardCharsets.UTF_8) : null);
	}

	/**
	 * Create the lifecycle and control topics if missing (the producer may create
	 * topics).
	 */
	private static void createTopics(Admin admin, String workTopic, Duration retention) {
		try {
			admin.createTopics(QueueTopics.newTopics(workTopic, retention)).values().forEach((name, created) -> {
				try {
					created.get(10, TimeUnit.SECONDS);
					log.info("Created topic {}", name);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						log.warn("Could not create topic {}: {}; job steps are recorded once it exists (see "
								+ "docs/deploy.md)", name, String.valueOf(ex.getCause()));
					}
				}
				catch (TimeoutException ex) {
					log.warn("Could not create topic {} within 10 s; the cluster may be out of reach", name);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not create the lifecycle and control topics of {}: {}", workTopic, ex.toString());
		}
	}

	@Override
	public void close() {
		this.stopping = true;
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			this.thread.join(Duration.ofSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
