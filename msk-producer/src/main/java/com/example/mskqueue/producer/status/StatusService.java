package com.example.mskqueue.producer.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Service;

import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.lag.LagMonitor;
import com.example.mskqueue.producer.lag.LagSnapshot;
import com.example.mskqueue.producer.lag.WatchedGroup;
import com.example.mskqueue.producer.sending.BatchLedger;

/**
 * Puts together the status page: the lag monitor's newest reading, each recent batch's
 * progress (from the watched group's committed offsets, or a share group's settled
 * position), and the dead letters by reason.
 */
@Service
class StatusService {

	private final LagMonitor monitor;

	private final BatchLedger ledger;

	private final DeadLetterTally deadLetters;

	private final Admin admin;

	private final WatchedGroup group;

	private final String workTopic;

	StatusService(LagMonitor monitor, BatchLedger ledger, DeadLetterTally deadLetters, Admin admin, WatchedGroup group,
			ProducerProperties jobs) {
		this.workTopic = jobs.topic();
		this.monitor = monitor;
		this.ledger = ledger;
		this.deadLetters = deadLetters;
		this.admin = admin;
		this.group = group;
	}

	StatusView status() throws ExecutionException, InterruptedException {
		LagSnapshot lag = this.monitor.latest().orElse(null);
		List<BatchLedger.Batch> batches = this.ledger.recent();
		Map<TopicPartition, OffsetAndMetadata> committed = (batches.isEmpty() || this.group.share()) ? Map.of()
				: committedOffsets(batches);
		List<StatusView.BatchProgress> progress = batches.stream()
			.map((batch) -> progress(batch, lag, committed))
			.toList();
		Map<String, Integer> byReason = this.deadLetters.byReason();
		if (lag == null) {
			return new StatusView(null, 0, 0, null, 0, List.of(), progress, byReason, Instant.now());
		}
		return new StatusView(lag, lag.sumOffsetLag(), lag.maxOffsetLag(), lag.estimatedMaxTimeLagSeconds(), lag.skew(),
				lag.idleMembers(), progress, byReason, Instant.now());
	}

	private StatusView.BatchProgress progress(BatchLedger.Batch batch, LagSnapshot lag,
			Map<TopicPartition, OffsetAndMetadata> committed) {
		boolean watched = batch.topic().equals(this.workTopic);
		int done = batch.doneGiven((partition) -> {
			if (this.group.share()) {
				return (watched && lag != null) ? lag.committed(partition) : 0;
			}
			OffsetAndMetadata offset = committed.get(new TopicPartition(batch.topic(), partition));
			return (offset != null) ? offset.offset() : 0;
		});
		boolean complete = done >= batch.sent();
		boolean consumed = watched
				|| committed.keySet().stream().anyMatch((partition) -> partition.topic().equals(batch.topic()));
		String state;
		if (complete) {
			state = "done";
		}
		else if (consumed) {
			state = "in progress";
		}
		else {
			state = "no consumer: " + this.group.id() + " consumes " + this.workTopic + ", not this topic";
		}
		return new StatusView.BatchProgress(batch.id(), batch.topic(), batch.sentAt(), batch.sent(), done,
				this.deadLetters.deadLettered(batch.id()), complete, state);
	}

	private Map<TopicPartition, OffsetAndMetadata> committedOffsets(List<BatchLedger.Batch> batches)
			throws ExecutionException, InterruptedException {
		Set<String> topics = batches.stream().map(BatchLedger.Batch::topic).collect(Collectors.toSet());
		return this.admin.listConsumerGroupOffsets(this.group.id())
			.partitionsToOffsetAndMetadata()
			.get()
			.entrySet()
			.stream()
			.filter((entry) -> topics.contains(entry.getKey().topic()) && entry.getValue() != null)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
