package com.example.mskqueue.producer.deadletters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.jobs.JobHistory;
import com.example.mskqueue.producer.jobs.JobView;
import com.example.mskqueue.producer.jobs.LifecycleProperties;
import com.example.mskqueue.producer.jobs.ViewFeed;

/**
 * The work topic's dead letters, newest first, read by the job view's reader from the
 * dead-letter topic into a local store of their own (H2's MVStore), and the redrives
 * asked for on the control topic. Every producer task holds the same.
 */
@Component
public class DeadLetterIndex implements ViewFeed, DisposableBean {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Path file;

	private final String workTopic;

	private final JobView jobs;

	private volatile MVStore store;

	/**
	 * Newest first: {@code <Long.MAX_VALUE - timestamp>|<partition>|<Long.MAX_VALUE -
	 * offset>}, zero-padded, to JSON.
	 */
	private volatile MVMap<String, String> byTime;

	/** {@code <partition>:<offset>} to its key in {@link #byTime}. */
	private volatile MVMap<String, String> byPosition;

	private final Map<String, RedriveRecords.Request> requests = new ConcurrentHashMap<>();

	private final Map<String, RedriveRecords.State> states = new ConcurrentHashMap<>();

	private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

	private final Map<String, java.util.concurrent.atomic.AtomicLong> byReason = new ConcurrentHashMap<>();

	DeadLetterIndex(LifecycleProperties lifecycle, ProducerProperties properties, JobView jobs) {
		this.file = lifecycle.storeDir().resolve("dead-letters-" + ProcessHandle.current().pid() + ".mv.db");
		this.workTopic = properties.topic();
		this.jobs = jobs;
	}

	@Override
	public Set<String> topics(String workTopic) {
		return Set.of(WorkTopics.deadLetterTopicOf(workTopic));
	}

	@Override
	public synchronized void reset() {
		close();
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.store = new MVStore.Builder().fileName(this.file.toString()).cacheSize(4).open();
		this.byTime = this.store.openMap("by-time");
		this.byPosition = this.store.openMap("by-position");
		this.requests.clear();
		this.states.clear();
		this.cancelled.clear();
		this.byReason.clear();
	}

	@Override
	public void apply(ConsumerRecord<String, byte[]> record) {
		String key = record.key();
		if (record.topic().equals(WorkTopics.deadLetterTopicOf(this.workTopic))) {
			DeadLetter deadLetter = DeadLetter.of(record, this.workTopic);
			// Newest first; of one millisecond (workers failing together), the later
			// offset first, compared as numbers rather than as text.
			String at = "%019d|%010d|%019d".formatted(Long.MAX_VALUE - record.timestamp(), record.partition(),
					Long.MAX_VALUE - record.offset());
			this.byTime.put(at, json.writeValueAsString(deadLetter));
			this.byPosition.put(deadLetter.position(), at);
			this.byReason
				.computeIfAbsent(String.valueOf(deadLetter.reason()),
						(reason) -> new java.util.concurrent.atomic.AtomicLong())
				.incrementAndGet();
		}
		else if (key != null && key.startsWith(RedriveRecords.REQUEST)) {
			RedriveRecords.request(key, record.value())
				.ifPresent((request) -> this.requests.put(request.id(), request));
		}
		else if (key != null && key.startsWith(RedriveRecords.CANCEL)) {
			this.cancelled.add(RedriveRecords.idOf(key));
		}
		else if (key != null && key.startsWith(RedriveRecords.STATE)) {
			RedriveRecords.state(key, record.value())
				.ifPresent((state) -> this.states.put(RedriveRecords.idOf(key), state));
		}
	}

	/**
	 * Dead letters newest first, after the one at {@code before} (a page's cursor, or
	 * {@code null}), that pass the filter; at most {@code limit}.
	 */
	List<DeadLetter> page(Predicate<DeadLetter> filter, String before, int limit) {
		MVMap<String, String> byTime = this.byTime;
		List<DeadLetter> page = new ArrayList<>();
		if (byTime == null) {
			return page;
		}
		String start = (before != null) ? this.byPosition.get(before) : null;
		String next = (start != null) ? byTime.higherKey(start) : byTime.firstKey();
		while (next != null && page.size() < limit) {
			DeadLetter deadLetter = json.readValue(byTime.get(next), DeadLetter.class);
			if (filter.test(deadLetter)) {
				page.add(deadLetter);
			}
			next = byTime.higherKey(next);
		}
		return page;
	}

	/** Every dead letter that passes the filter, oldest first. */
	List<DeadLetter> all(Predicate<DeadLetter> filter) {
		List<DeadLetter> all = new ArrayList<>(page(filter, null, Integer.MAX_VALUE));
		java.util.Collections.reverse(all);
		return all;
	}

	Optional<DeadLetter> at(String position) {
		MVMap<String, String> byPosition = this.byPosition;
		String at = (byPosition != null) ? byPosition.get(position) : null;
		return (at != null) ? Optional.of(json.readValue(this.byTime.get(at), DeadLetter.class)) : Optional.empty();
	}

	/**
	 * Whether the dead letter's job was redriven since: its history has a
	 * {@code redriven} step of the record it was made from.
	 */
	boolean redriven(DeadLetter deadLetter) {
		return this.jobs.job(deadLetter.key())
			.map(JobHistory::history)
			.orElse(List.of())
			.stream()
			.anyMatch((step) -> isRedriveOf(step, deadLetter));
	}

	private static boolean isRedriveOf(JobEvent step, DeadLetter deadLetter) {
		return step.state() == JobState.REDRIVEN && step.partition() == deadLetter.originalPartition()
				&& step.offset() == deadLetter.originalOffset();
	}

	Optional<RedriveRecords.Request> request(String id) {
		return Optional.ofNullable(this.requests.get(id));
	}

	/** The redrives asked for, by id, in the order they were asked for. */
	Map<String, RedriveRecords.Request> requests() {
		Map<String, RedriveRecords.Request> ordered = new LinkedHashMap<>();
		this.requests.values()
			.stream()
			.sorted(java.util.Comparator.comparing(RedriveRecords.Request::at))
			.forEach((request) -> ordered.put(request.id(), request));
		return ordered;
	}

	Optional<RedriveRecords.State> state(String id) {
		return Optional.ofNullable(this.states.get(id));
	}

	boolean cancelRequested(String id) {
		return this.cancelled.contains(id);
	}

	/** Dead letters held, by reason, in the reasons' order. */
	public Map<String, Long> countByReason() {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.byReason.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	long size() {
		MVMap<String, String> byTime = this.byTime;
		return (byTime != null) ? byTime.sizeAsLong() : 0;
	}

	private synchronized void close() {
		if (this.store != null) {
			this.store.close();
			this.store = null;
		}
	}

	@Override
	public void destroy() {
		close();
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			// a temporary copy: the next start replaces it
		}
	}

}
