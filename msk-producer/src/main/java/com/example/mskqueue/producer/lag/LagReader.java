package com.example.mskqueue.producer.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import org.springframework.stereotype.Component;

/**
 * Reads a group's lag on a topic from the broker: the topic's end offsets and the group's
 * committed offsets (Admin API). It needs no consumer to run, and answers while the group
 * rebalances, when MSK's own lag metrics are missing.
 */
@Component
class LagReader {

	private final Admin admin;

	LagReader(Admin admin) {
		this.admin = admin;
	}

	/** The lag now, with no mean job time (that takes readings over time). */
	LagSnapshot read(String topic, String group, boolean shareGroup) throws ExecutionException, InterruptedException {
		int partitionCount = this.admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()
			.size();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitionCount; p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin.listOffsets(latest).all().get();
		Map<TopicPartition, Long> committed = shareGroup ? shareDoneOffsets(group, latest.keySet(), ends)
				: consumerGroupOffsets(group);
		List<LagSnapshot.PartitionLag> partitions = new ArrayList<>();
		for (int p = 0; p < partitionCount; p++) {
			TopicPartition tp = new TopicPartition(topic, p);
			long end = ends.get(tp).offset();
			long committedOffset = committed.getOrDefault(tp, -1L);
			partitions.add(new LagSnapshot.PartitionLag(p, end, committedOffset,
					Math.max(0, end - Math.max(0, committedOffset))));
		}
		GroupView view = describe(group, topic, shareGroup);
		List<LagSnapshot.Member> members = view.members()
			.stream()
			.sorted(Comparator.comparing(LagSnapshot.Member::clientId).thenComparing(LagSnapshot.Member::memberId))
			.toList();
		return new LagSnapshot(topic, group, view.state(), Instant.now(), List.copyOf(partitions), members, null);
	}

	private Map<TopicPartition, Long> consumerGroupOffsets(String group)
			throws ExecutionException, InterruptedException {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
			if (offset != null) {
				offsets.put(tp, offset.offset());
			}
		});
		return offsets;
	}

	/**
	 * Where a share group stands per partition: end offset minus the lag the broker
	 * reports when it reports one (Kafka 4.2), else the share-partition start offset
	 * (SPSO; every record below it is settled, records from it on may be in flight or
	 * already accepted).
	 */
	private Map<TopicPartition, Long> shareDoneOffsets(String group, Set<TopicPartition> partitions,
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends)
			throws ExecutionException, InterruptedException {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		try {
			this.admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
				.partitionsToOffsetInfo(group)
				.get()
				.forEach((tp, info) -> {
					if (info != null) {
						offsets.put(tp,
								info.lag().map((lag) -> ends.get(tp).offset() - lag).orElse(info.startOffset()));
					}
				});
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
				throw ex;
			}
		}
		return offsets;
	}

	/**
	 * Members of a consumer group each hold their own partitions; members of a share
	 * group share them, so each lists every partition it may receive from.
	 */
	private GroupView describe(String group, String topic, boolean shareGroup)
			throws ExecutionException, InterruptedException {
		try {
			if (shareGroup) {
				ShareGroupDescription description = this.admin.describeShareGroups(List.of(group))
					.describedGroups()
					.get(group)
					.get();
				return new GroupView(description.groupState().name(),
						description.members()
							.stream()
							.map((member) -> member(member.consumerId(), member.clientId(), member.host(),
									member.assignment().topicPartitions(), topic))
							.toList());
			}
			ConsumerGroupDescription description = this.admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get();
			return new GroupView(description.groupState().name(),
					description.members()
						.stream()
						.map((member) -> member(member.consumerId(), member.clientId(), member.host(),
								member.assignment().topicPartitions(), topic))
						.toList());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return new GroupView("NONE", List.of());
			}
			throw ex;
		}
	}

	private static LagSnapshot.Member member(String id, String clientId, String host,
			Collection<TopicPartition> partitions, String topic) {
		return new LagSnapshot.Member(id, clientId, host,
				partitions.stream()
					.filter((tp) -> tp.topic().equals(topic))
					.map(TopicPartition::partition)
					.sorted()
					.toList());
	}

	/**
	 * A group's state and members, each with the partitions of {@code topic} it may
	 * receive from.
	 */
	private record GroupView(String state, List<LagSnapshot.Member> members) {
	}

}
