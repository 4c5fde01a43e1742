package com.example.mskqueue.producer.status;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Service;

import com.example.mskqueue.producer.lag.LagMonitor;
import com.example.mskqueue.producer.lag.LagSnapshot;
import com.example.mskqueue.producer.lag.WatchedGroup;
import com.example.mskqueue.producer.sending.BatchLedger;

/**
 * Puts together the status page: the lag monitor's newest reading and each recent batch's
 * progress, from the group's committed offsets.
 */
@Service
class StatusService {

	private final LagMonitor monitor;

	private final BatchLedger ledger;

	private final DeadLetterTally deadLetters;

	private final Admin admin;

	private final WatchedGroup group;

	StatusService(LagMonitor monitor, BatchLedger ledger, DeadLetterTally deadLetters, Admin admin,
			WatchedGroup group) {
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
		List<StatusView.BatchProgress> progress = batches.stream().map((batch) -> {
			int done = batch.doneGiven((partition) -> {
				if (this.group.share()) {
					// A share group's start offset: every record below it is settled.
					return (lag != null && lag.topic().equals(batch.topic())) ? lag.committed(partition) : 0;
				}
				OffsetAndMetadata offset = committed.get(new TopicPartition(batch.topic(), partition));
				return (offset != null) ? offset.offset() : 0;
			});
			return new StatusView.BatchProgress(batch.id(), batch.topic(), batch.sentAt(), batch.sent(), done,
					this.deadLetters.deadLettered(batch.id()), done >= batch.sent());
		}).toList();
		return (lag != null)
				? new StatusView(lag, lag.sumOffsetLag(), lag.maxOffsetLag(), lag.estimatedMaxTimeLagSeconds(),
						lag.skew(), lag.idleMembers(), progress)
				: new StatusView(null, 0, 0, 0, 0, List.of(), progress);
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
