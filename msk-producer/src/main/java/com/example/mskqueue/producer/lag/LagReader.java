package com.example.mskqueue.producer.lag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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

	LagSnapshot read(String topic, String group, double meanJobSeconds) throws ExecutionException, InterruptedException {
		int partitionCount = this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitionCount; p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin.listOffsets(latest).all().get();
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get();
		List<LagSnapshot.PartitionLag> partitions = new ArrayList<>();
		for (int p = 0; p < partitionCount; p++) {
			TopicPartition tp = new TopicPartition(topic, p);
			long end = ends.get(tp).offset();
			OffsetAndMetadata offset = committed.get(tp);
			long committedOffset = (offset != null) ? offset.offset() : -1;
			partitions.add(new LagSnapshot.PartitionLag(p, end, committedOffset, Math.max(0, end - Math.max(0, committedOffset))));
		}
		String state = "UNKNOWN";
		List<LagSnapshot.Member> members = new ArrayList<>();
		try {
			ConsumerGroupDescription description = this.admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get();
			state = description.groupState().name();
			description.members().forEach((member) -> members.add(new LagSnapshot.Member(member.consumerId(),
					member.clientId(), member.host(), member.assignment()
						.topicPartitions()
						.stream()
						.filter((tp) -> tp.topic().equals(topic))
						.map(TopicPartition::partition)
						.sorted()
						.toList())));
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
				throw ex;
			}
			state = "NONE";
		}
		members.sort(Comparator.comparing(LagSnapshot.Member::clientId).thenComparing(LagSnapshot.Member::memberId));
		return new LagSnapshot(topic, group, state, Instant.now(), List.copyOf(partitions), List.copyOf(members),
				meanJobSeconds);
	}

}
