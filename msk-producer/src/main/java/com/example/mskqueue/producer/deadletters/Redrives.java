package com.example.mskqueue.producer.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.web.Problem;

/**
 * Asks for redrives and says how they stand. A redrive is the set of dead letters that
 * matched its filters when it was asked for (less those refused, each with why), written
 * once to the control topic; whichever producer task runs redrives
 * ({@link RedriveRunner}) moves them back to their work topic. Its progress is read from
 * the committed position of its own consumer group, which the runner moves in the same
 * transaction as the jobs it writes, so any task reports it the same.
 */
@Service
class Redrives {

	private static final Logger log = LoggerFactory.getLogger(Redrives.class);

	private static final long TIMEOUT_SECONDS = 20;

	private final DeadLetterIndex index;

	private final KafkaTemplate<String, String> template;

	private final Admin admin;

	private final RedriveProperties properties;

	private final String workTopic;

	private final String groupPrefix;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Redrives this task asked for that its index may not have read back yet: the page
	 * the browser is sent to right after asking must not answer "no such redrive".
	 */
	private final Map<String, RedriveRecords.Request> askedHere = new ConcurrentHashMap<>();

	Redrives(DeadLetterIndex index, KafkaTemplate<String, String> template, Admin admin, RedriveProperties properties,
			ProducerProperties jobs) {
		this.index = index;
		this.template = template;
		this.admin = admin;
		this.properties = properties;
		this.workTopic = jobs.topic();
		this.groupPrefix = runnerOf(WorkTopics.deadLetterTopicOf(jobs.topic())) + "-";
	}

	/**
	 * What runs a dead-letter topic's redrives is named after it: the group whose member
	 * runs them and the runner's transactional id, {@code <dead-letter topic>-redrive},
	 * and each redrive's own group, {@code <dead-letter topic>-redrive-<id>}. Every
	 * producer task of the work topic takes part, whatever else it is configured with.
	 */
	static String runnerOf(String deadLetterTopic) {
		return deadLetterTopic + "-redrive";
	}

	String groupOf(String redriveId) {
		return this.groupPrefix + redriveId;
	}

	/**
	 * Choose the dead letters that match, write the request, and return it.
	 * @throws Problem.Refusal if the cluster does not store it
	 */
	RedriveRecords.Request request(RedriveFilter filter) {
		int max = Math.min(filter.max().orElse(this.properties.maxPerRedrive()), this.properties.maxPerRedrive());
		Set<String> pending = pendingPositions();
		List<String> chosen = new ArrayList<>();
		List<RedriveRecords.Refusal> refused = new ArrayList<>();
		for (DeadLetter deadLetter : this.index.all(filter::matches)) {
			String why = refusal(deadLetter, filter, pending);
			if (why != null) {
				refused.add(new RedriveRecords.Refusal(deadLetter.position(), deadLetter.key(), why));
			}
			else if (chosen.size() < max) {
				chosen.add(deadLetter.position());
			}
		}
		RedriveRecords.Request request = new RedriveRecords.Request(UUID.randomUUID().toString(), this.clock.instant(),
				filter.rate().orElse(this.properties.defaultRate()), filter.describe(), List.copyOf(chosen),
				List.copyOf(refused));
		write(request.key(), request.toJson(), "ask for the redrive");
		if (this.askedHere.size() >= 100) {
			this.askedHere.keySet().removeIf((id) -> this.index.request(id).isPresent());
		}
		this.askedHere.put(request.id(), request);
		log.info("Redrive {} asked for ({}): {} dead letters to move at {}/s, {} refused", request.id(),
				request.filters(), chosen.size(), request.rate(), refused.size());
		return request;
	}

	/** Why a dead letter that matched is not moved, or {@code null} if it is. */
	private String refusal(DeadLetter deadLetter, RedriveFilter filter, Set<String> pending) {
		if (deadLetter.breaksContract() && !filter.includeInvalid()) {
			return "its value breaks the job contract (" + deadLetter.reason()
					+ "): moved back it would only be dead-lettered again; ask with include_invalid=true to move it "
					+ "anyway";
		}
		if (deadLetter.redrives() >= this.properties.maxRedrives()) {
			return "redriven " + deadLetter.redrives() + " times already (at most " + this.properties.maxRedrives()
					+ ", DEAD_LETTER_MAX_REDRIVES): look at why it keeps failing";
		}
		if (pending.contains(deadLetter.position())) {
			return "another redrive that has not ended moves it";
		}
		if (this.index.redriven(deadLetter)) {
			return "redriven already";
		}
		return null;
	}

	/** The dead letters of redrives that have not ended. */
	private Set<String> pendingPositions() {
		Set<String> pending = new HashSet<>();
		this.index.requests().values().forEach((request) -> {
			if (this.index.state(request.id()).filter((state) -> state != RedriveRecords.State.RUNNING).isEmpty()) {
				pending.addAll(request.positions());
			}
		});
		return pending;
	}

	/** Where a redrive stands, or empty for an unknown id. */
	java.util.Optional<RedriveStatus> status(String id) {
		java.util.Optional<RedriveRecords.Request> known = this.index.request(id);
		if (known.isEmpty()) {
			RedriveRecords.Request asked = this.askedHere.get(id);
			return java.util.Optional.ofNullable(asked)
				.map((request) -> new RedriveStatus(request, "requested", 0, request.positions().size()));
		}
		this.askedHere.remove(id);
		return known.map((request) -> {
			int moved = moved(request);
			RedriveRecords.State state = this.index.state(id).orElse(null);
			String text = (state != null) ? state.wireName()
					: this.index.cancelRequested(id) ? "cancelling" : "requested";
			return new RedriveStatus(request, text, moved, request.positions().size());
		});
	}

	/** Dead letters of the redrive already back on the work topic. */
	int moved(RedriveRecords.Request request) {
		Map<TopicPartition, Long> done = committed(groupOf(request.id()));
		String deadLetterTopic = WorkTopics.deadLetterTopicOf(this.workTopic);
		int moved = 0;
		for (String position : request.positions()) {
			if (DeadLetterPosition.parse(position).movedBy(done, deadLetterTopic)) {
				moved++;
			}
		}
		return moved;
	}

	/** A group's committed positions, committed transactions only. */
	Map<TopicPartition, Long> committed(String group) {
		try {
			Map<TopicPartition, Long> offsets = new HashMap<>();
			this.admin
				.listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec()),
						new ListConsumerGroupOffsetsOptions().requireStable(true))
				.partitionsToOffsetAndMetadata(group)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.forEach((partition, offset) -> {
					if (offset != null) {
						offsets.put(partition, offset.offset());
					}
				});
			return offsets;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new Problem.Refusal(Problem.unavailable("Progress unknown",
					"the cluster did not say how far the redrive is (" + ex + "); try again", 5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Problem.Refusal(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Progress unknown", "interrupted"));
		}
	}

	void cancel(String id) {
		write(RedriveRecords.CANCEL + id, RedriveRecords.cancelJson(this.clock.instant()), "cancel the redrive");
		log.info("Redrive {}: cancel asked for", id);
	}

	private void write(String key, byte[] value, String what) {
		try {
			this.template
				.send(new ProducerRecord<>(QueueTopics.controlTopicOf(this.workTopic), key,
						new String(value, StandardCharsets.UTF_8)))
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new Problem.Refusal(Problem.unavailable("Nothing changed", "the cluster did not store the request to "
					+ what + " (" + ((ex.getCause() != null) ? ex.getCause().getMessage() : ex) + "); try again", 5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Problem.Refusal(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Nothing changed", "interrupted"));
		}
	}

	/**
	 * What a redrive moves: dead letters of a reason, of a batch, with these keys, or any
	 * mix; at most {@code max}, at {@code rate} jobs per second.
	 *
	 * @param reason the dead letters' reason, or {@code null} for any
	 * @param batch their batch, or {@code null} for any
	 * @param keys their keys, or empty for any
	 * @param max the most to move, if given
	 * @param rate jobs per second, if given
	 * @param includeInvalid whether dead letters whose values break the job contract move
	 * too
	 */
	record RedriveFilter(String reason, String batch, Set<String> keys, java.util.Optional<Integer> max,
			java.util.Optional<Integer> rate, boolean includeInvalid) {

		boolean matches(DeadLetter deadLetter) {
			return (this.reason == null || this.reason.equals(deadLetter.reason()))
					&& (this.batch == null || this.batch.equals(deadLetter.batch()))
					&& (this.keys.isEmpty() || this.keys.contains(deadLetter.key()));
		}

		Predicate<DeadLetter> predicate() {
			return this::matches;
		}

		String describe() {
			List<String> parts = new ArrayList<>();
			if (this.reason != null) {
				parts.add("reason " + this.reason);
			}
			if (this.batch != null) {
				parts.add("batch " + this.batch);
			}
			if (!this.keys.isEmpty()) {
				parts.add(this.keys.size() + " keys");
			}
			this.max.ifPresent((most) -> parts.add("at most " + most));
			if (this.includeInvalid) {
				parts.add("values that break the contract too");
			}
			return parts.isEmpty() ? "every dead letter" : String.join(", ", parts);
		}

	}

	/**
	 * Where a redrive stands.
	 *
	 * @param request the redrive as asked for
	 * @param state {@code requested}, {@code running}, {@code done}, {@code cancelling}
	 * or {@code cancelled}
	 * @param moved dead letters back on the work topic
	 * @param toMove dead letters it moves in all
	 */
	record RedriveStatus(RedriveRecords.Request request, String state, int moved, int toMove) {
	}

}
