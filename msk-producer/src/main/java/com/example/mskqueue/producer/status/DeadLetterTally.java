package com.example.mskqueue.producer.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.ProducerProperties;

/**
 * Counts dead letters per reason: reads the work topic's dead-letter topic from where it
 * stood when the producer started (no consumer group, nothing committed), and tallies the
 * reason header the consumer adds.
 */
@Component
class DeadLetterTally implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterTally.class);

	private final ConsumerFactory<String, String> consumers;

	private final String deadLetterTopic;

	private final Map<String, AtomicInteger> byReason = new ConcurrentHashMap<>();

	private Consumer<String, String> consumer;

	DeadLetterTally(ConsumerFactory<String, String> consumers, ProducerProperties jobs) {
		this.consumers = consumers;
		this.deadLetterTopic = WorkTopics.deadLetterTopicOf(jobs.topic());
	}

	/** Dead letters seen since the producer started, by reason, in the reasons' order. */
	Map<String, Integer> byReason() {
		Map<String, Integer> counts = new TreeMap<>();
		this.byReason.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	@Scheduled(fixedDelayString = "${jobs.lag.interval}")
	synchronized void poll() {
		try {
			if (this.consumer == null && !start()) {
				return;
			}
			for (ConsumerRecord<String, String> deadLetter : this.consumer.poll(Duration.ofMillis(100))) {
				count(this.byReason, deadLetter.headers().lastHeader(JobHeaders.DEAD_LETTER_REASON));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not read dead letters from {}: {}", this.deadLetterTopic, ex.toString());
			close();
		}
	}

	private static void count(Map<String, AtomicInteger> counts, Header header) {
		if (header != null) {
			counts.computeIfAbsent(new String(header.value(), StandardCharsets.UTF_8), (key) -> new AtomicInteger())
				.incrementAndGet();
		}
	}

	private boolean start() {
		Consumer<String, String> created = this.consumers.createConsumer(null, "dead-letter-tally");
		List<TopicPartition> partitions = created.partitionsFor(this.deadLetterTopic, Duration.ofSeconds(3))
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		if (partitions.isEmpty()) {
			created.close();
			return false;
		}
		created.assign(partitions);
		created.seekToEnd(partitions);
		partitions.forEach(created::position);
		this.consumer = created;
		return true;
	}

	private synchronized void close() {
		if (this.consumer != null) {
			this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
			this.consumer = null;
		}
	}

	@Override
	public void destroy() {
		close();
	}

}
