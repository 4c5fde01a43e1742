package com.example.mskqueue.producer.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.jobs.JobView;

/**
 * Runs the redrives, one at a time, in the producer task that the group
 * {@code <dead-letter topic>-redrive} gives the control topic's one partition to: at most
 * one task runs redrives at a time, and when it is lost another takes over.
 * <p>
 * Exactly once: each step of a redrive is one Kafka transaction that writes its dead
 * letters back to the work topic (original key, value and headers, plus
 * {@code redrive-count}), their jobs' {@code redriven} steps, and the redrive's position
 * in the dead-letter topic, committed to the redrive's own consumer group
 * ({@code sendOffsetsToTransaction}). A task killed mid-step leaves an aborted
 * transaction that consumers reading committed records never see, and the task that takes
 * over (its fixed {@code transactional.id} fences the old one out) goes on from the last
 * committed position: every chosen dead letter is back once. Steps are paced to the
 * redrive's rate.
 */
@Component
class RedriveRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RedriveRunner.class);

	private static final Duration POLL = Duration.ofMillis(200);

	/** The most dead letters moved in one transaction. */
	static final int MOST_PER_STEP = 100;

	/** Headers the dead-letter topic added, which the job does not take back. */
	private static final Set<String> DEAD_LETTER_HEADERS = Set.of(JobHeaders.DEAD_LETTER_REASON,
			JobHeaders.DELIVERY_COUNT, JobHeaders.REDRIVE_COUNT, KafkaHeaders.DELIVERY_ATTEMPT);

	private final KafkaProperties kafka;

	private final DeadLetterIndex index;

	private final Redrives redrives;

	private final JobView view;

	private final String workTopic;

	private final String group;

	private final Clock clock = Clock.systemUTC();

	private volatile Thread thread;

	private volatile boolean stopping;

	private volatile Consumer<String, byte[]> leadership;

	/** Set by the rebalance listener, read on the runner's own thread. */
	private boolean leading;

	private Producer<String, byte[]> producer;

	private Consumer<String, byte[]> deadLetterReader;

	/**
	 * Where the redrive in progress stands in the dead-letter topic: read from its group
	 * when this task takes it up (its last transaction resolved by then), then kept here
	 * from each commit, since a read right after a commit can miss it.
	 */
	private Map<TopicPartition, Long> position;

	/** The redrive in progress: when it started here, and how many it moved since. */
	private String current;

	private Instant currentSince;

	private int movedSince;

	/** Redrives this task ended, which the view may not have read back yet. */
	private final Set<String> ended = new java.util.HashSet<>();

	RedriveRunner(KafkaProperties kafka, DeadLetterIndex index, Redrives redrives, JobView view,
			ProducerProperties jobs) {
		this.kafka = kafka;
		this.index = index;
		this.redrives = redrives;
		this.view = view;
		this.workTopic = jobs.topic();
		this.group = Redrives.runnerOf(WorkTopics.deadLetterTopicOf(jobs.topic()));
	}

	@Override
	public void start() {
		if (!this.view.enabled()) {
			return;
		}
		this.stopping = false;
		Thread runner = new Thread(this::run, "redrives");
		runner.setDaemon(true);
		this.thread = runner;
		runner.start();
	}

	private void run() {
		Map<String, Object> config = new HashMap<>(this.kafka.buildConsumerProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, this.group);
		config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "redrive-leadership");
		try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
			this.leadership = consumer;
			consumer.subscribe(List.of(QueueTopics.controlTopicOf(this.workTopic)), new ConsumerRebalanceListener() {

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
					if (!partitions.isEmpty()) {
						RedriveRunner.this.leading = true;
						log.info("This task runs the redrives of {}",
								WorkTopics.deadLetterTopicOf(RedriveRunner.this.workTopic));
					}
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
					if (!partitions.isEmpty()) {
						resign();
					}
				}

				@Override
				public void onPartitionsLost(Collection<TopicPartition> partitions) {
					resign();
				}

			});
			while (!this.stopping) {
				// Membership only: the requests are read by the job view's reader.
				consumer.poll(POLL);
				if (this.leading && this.view.loaded()) {
					step();
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			log.error("The redrive runner stopped: {}", ex.toString(), ex);
		}
		finally {
			resign();
		}
	}

	/** Move the next step of the oldest redrive that has not ended. */
	private void step() {
		RedriveRecords.Request request = this.index.requests()
			.values()
			.stream()
			.filter((candidate) -> !this.ended.contains(candidate.id()) && this.index.state(candidate.id())
				.filter((state) -> state != RedriveRecords.State.RUNNING)
				.isEmpty())
			.findFirst()
			.orElse(null);
		if (request == null) {
			return;
		}
		try {
			ensureProducer();
			if (this.index.cancelRequested(request.id())) {
				finish(request, RedriveRecords.State.CANCELLED);
				return;
			}
			if (!request.id().equals(this.current) || this.position == null) {
				this.position = new HashMap<>(this.redrives.committed(this.redrives.groupOf(request.id())));
			}
			List<String> remaining = remaining(request);
			if (remaining.isEmpty()) {
				finish(request, RedriveRecords.State.DONE);
				return;
			}
			if (!request.id().equals(this.current)) {
				this.current = request.id();
				this.currentSince = this.clock.instant();
				this.movedSince = 0;
				log.info("Redrive {}: {} of {} dead letters to move, at {}/s", request.id(), remaining.size(),
						request.positions().size(), request.rate());
			}
			long due = (long) (request.rate()
					* (Duration.between(this.currentSince, this.clock.instant()).toMillis() / 1000.0))
					- this.movedSince;
			int now = (int) Math.min(Math.min(due, MOST_PER_STEP), remaining.size());
			if (now <= 0) {
				return;
			}
			move(request, remaining.subList(0, now),
					this.index.state(request.id()).isEmpty() ? RedriveRecords.State.RUNNING : null);
			this.movedSince += now;
		}
		catch (ProducerFencedException ex) {
			log.warn("Redrive {}: another task took over the redrives ({})", request.id(), ex.getMessage());
			resign();
		}
		catch (RuntimeException ex) {
			log.warn("Redrive {}: a step failed and is tried again: {}", request.id(), ex.toString());
			abortQuietly();
			this.position = null;
		}
	}

	/**
	 * The redrive's dead letters not yet moved, by its committed position, in offset
	 * order: the position says that everything before it moved, so a step must never move
	 * a later dead letter of a partition before an earlier one. The request lists them by
	 * time, which is their writers' clocks: dead letters of one millisecond tie, and
	 * those of two tasks can run against their offsets.
	 */
	private List<String> remaining(RedriveRecords.Request request) {
		Map<TopicPartition, Long> done = this.position;
		String deadLetterTopic = WorkTopics.deadLetterTopicOf(this.workTopic);
		List<String> remaining = new ArrayList<>();
		for (String position : request.positions()) {
			if (!DeadLetterPosition.parse(position).movedBy(done, deadLetterTopic)) {
				remaining.add(position);
			}
		}
		remaining.sort(Comparator.comparing(DeadLetterPosition::parse, DeadLetterPosition.OFFSET_ORDER));
		return remaining;
	}

	/** One transaction: the dead letters back, their redriven steps, the new position. */
	private void move(RedriveRecords.Request request, List<String> positions, RedriveRecords.State state) {
		Consumer<String, byte[]> reader = deadLetterReader(request.id());
		List<ConsumerRecord<String, byte[]>> deadLetters = read(reader, positions);
		Map<TopicPartition, OffsetAndMetadata> position = new HashMap<>();
		this.producer.beginTransaction();
		if (state != null) {
			sendState(request, state);
		}
		for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
			DeadLetter summary = DeadLetter.of(deadLetter, this.workTopic);
			Instant redrivenAt = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
			// Stamped a millisecond after its redriven step: the job's history reads in
			// cause order even when the new record lands on another partition.
			ProducerRecord<String, byte[]> job = new ProducerRecord<>(this.workTopic, null,
					redrivenAt.toEpochMilli() + 1, deadLetter.key(), deadLetter.value());
			for (Header header : deadLetter.headers()) {
				if (!header.key().startsWith("kafka_dlt-") && !DEAD_LETTER_HEADERS.contains(header.key())) {
					job.headers().add(header);
				}
			}
			job.headers()
				.add(JobHeaders.REDRIVE_COUNT,
						Integer.toString(summary.redrives() + 1).getBytes(StandardCharsets.UTF_8));
			this.producer.send(job);
			JobEvent redriven = JobEvent
				.of(JobState.REDRIVEN, redrivenAt, this.workTopic, summary.originalPartition(),
						summary.originalOffset(), summary.batch())
				.redrive(request.id())
				.because("from " + deadLetter.topic() + " " + summary.position());
			if (deadLetter.key() != null) {
				this.producer.send(new ProducerRecord<>(QueueTopics.lifecycleTopicOf(this.workTopic), deadLetter.key(),
						JobEvents.toJson(redriven)));
			}
			position.merge(new TopicPartition(deadLetter.topic(), deadLetter.partition()),
					new OffsetAndMetadata(deadLetter.offset() + 1), (a, b) -> (a.offset() >= b.offset()) ? a : b);
		}
		// The reader belongs to the redrive's group by id only (it reads by assignment):
		// its metadata names the group whose position the transaction moves.
		this.producer.sendOffsetsToTransaction(position, reader.groupMetadata());
		this.producer.commitTransaction();
		position.forEach((partition, next) -> this.position.merge(partition, next.offset(), Math::max));
	}

	/** The dead-letter records at these positions (committed ones only). */
	private List<ConsumerRecord<String, byte[]>> read(Consumer<String, byte[]> reader, List<String> positions) {
		String topic = WorkTopics.deadLetterTopicOf(this.workTopic);
		Map<TopicPartition, TreeMap<Long, Boolean>> wanted = new HashMap<>();
		for (String position : positions) {
			DeadLetterPosition at = DeadLetterPosition.parse(position);
			wanted.computeIfAbsent(new TopicPartition(topic, at.partition()), (p) -> new TreeMap<>())
				.put(at.offset(), Boolean.TRUE);
		}
		reader.assign(wanted.keySet());
		wanted.forEach((partition, offsets) -> reader.seek(partition, offsets.firstKey()));
		Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		Instant deadline = this.clock.instant().plusSeconds(30);
		while (found.size() < positions.size() && this.clock.instant().isBefore(deadline)) {
			for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
				TreeMap<Long, Boolean> offsets = wanted.get(new TopicPartition(record.topic(), record.partition()));
				if (offsets != null && offsets.containsKey(record.offset())) {
					found.put(record.partition() + ":" + record.offset(), record);
				}
				if (offsets != null && record.offset() >= offsets.lastKey()) {
					reader.pause(List.of(new TopicPartition(record.topic(), record.partition())));
				}
			}
		}
		reader.resume(reader.assignment());
		if (found.size() < positions.size()) {
			throw new KafkaException("read " + found.size() + " of " + positions.size() + " dead letters in 30 s");
		}
		return positions.stream().map(found::get).toList();
	}

	private void finish(RedriveRecords.Request request, RedriveRecords.State state) {
		this.producer.beginTransaction();
		sendState(request, state);
		this.producer.commitTransaction();
		this.ended.add(request.id());
		this.current = null;
		this.position = null;
		log.info("Redrive {} {}: {} of {} moved", request.id(), state.wireName(), this.redrives.moved(request),
				request.positions().size());
	}

	private void sendState(RedriveRecords.Request request, RedriveRecords.State state) {
		this.producer.send(new ProducerRecord<>(QueueTopics.controlTopicOf(this.workTopic),
				RedriveRecords.STATE + request.id(), RedriveRecords.stateJson(state, this.clock.instant())));
	}

	private void ensureProducer() {
		if (this.producer != null) {
			return;
		}
		Map<String, Object> config = new HashMap<>(this.kafka.buildProducerProperties());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, this.group);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "redrive");
		Producer<String, byte[]> created = new KafkaProducer<>(config);
		// Fences out the producer of a task that ran redrives before and may still be
		// alive.
		created.initTransactions();
		this.producer = created;
	}

	/** A reader of the dead-letter topic in the redrive's own group. */
	private Consumer<String, byte[]> deadLetterReader(String redrive) {
		String readerGroup = this.redrives.groupOf(redrive);
		if (this.deadLetterReader != null && !readerGroup.equals(this.deadLetterReader.groupMetadata().groupId())) {
			this.deadLetterReader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
			this.deadLetterReader = null;
		}
		if (this.deadLetterReader == null) {
			Map<String, Object> config = new HashMap<>(this.kafka.buildConsumerProperties());
			config.put(ConsumerConfig.GROUP_ID_CONFIG, readerGroup);
			config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
			config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
			config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
			config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
			config.put(ConsumerConfig.CLIENT_ID_CONFIG, "redrive-reader");
			this.deadLetterReader = new KafkaConsumer<>(config);
		}
		return this.deadLetterReader;
	}

	private void abortQuietly() {
		try {
			if (this.producer != null) {
				this.producer.abortTransaction();
			}
		}
		catch (KafkaException ex) {
			closeProducer();
		}
	}

	private void resign() {
		this.leading = false;
		this.current = null;
		this.position = null;
		closeProducer();
		if (this.deadLetterReader != null) {
			this.deadLetterReader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
			this.deadLetterReader = null;
		}
	}

	private void closeProducer() {
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(1));
			this.producer = null;
		}
	}

	@Override
	public void stop() {
		this.stopping = true;
		Consumer<String, byte[]> current = this.leadership;
		if (current != null) {
			current.wakeup();
		}
		Thread runner = this.thread;
		if (runner != null) {
			try {
				runner.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		Thread runner = this.thread;
		return runner != null && runner.isAlive();
	}

}
