package com.example.mskqueue.consumer.handover;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Where the two modes' groups stand on the work topic, so that a mode that starts
 * continues where the other stopped when {@code CONSUMER_MODE} is switched: the consumer
 * group's committed offsets and the share group's start offsets (every record below a
 * share group's start offset is settled). Each is the position below which that mode has
 * done every job.
 */
public final class GroupPositions {

	private static final long TIMEOUT_SECONDS = 30;

	private final Admin admin;

	private final String topic;

	public GroupPositions(Admin admin, String topic) {
		this.admin = admin;
		this.topic = topic;
	}

	/**
	 * The consumer group's committed offset per partition of the topic; none if it never
	 * committed.
	 */
	public Map<TopicPartition, Long> consumerGroup(String group)
			throws ExecutionException, InterruptedException, TimeoutException {
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, Long> positions = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (offset != null && partition.topic().equals(this.topic)) {
				positions.put(partition, offset.offset());
			}
		});
		return positions;
	}

	/**
	 * The share group's position per partition of the topic; none where it holds no
	 * state. The brokers report a start offset (no record below it is unsettled) and a
	 * lag (unsettled records from there to the end). The start offset can stay on the
	 * last accepted record until the group fetches again, so: with no record left
	 * unsettled, the position is the end; otherwise it is the start offset, which may
	 * hold settled records above it but never skips an unsettled one.
	 */
	public Map<TopicPartition, Long> shareGroup(String group)
			throws ExecutionException, InterruptedException, TimeoutException {
		Set<TopicPartition> partitions = partitions();
		Map<TopicPartition, SharePartitionOffsetInfo> offsets;
		try {
			offsets = this.admin
				.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
				.partitionsToOffsetInfo(group)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
		Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin
			.listOffsets(partitions.stream()
				.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
			.all()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Map<TopicPartition, Long> positions = new HashMap<>();
		offsets.forEach((partition, info) -> {
			if (info != null && info.startOffset() >= 0) {
				boolean allSettled = info.lag().map((lag) -> lag == 0).orElse(false);
				positions.put(partition,
						allSettled ? Math.max(info.startOffset(), ends.get(partition).offset()) : info.startOffset());
			}
		});
		return positions;
	}

	/**
	 * Whether the consumer group has members: then its position is theirs, not to be
	 * moved.
	 */
	public boolean consumerGroupIsActive(String group)
			throws ExecutionException, InterruptedException, TimeoutException {
		try {
			return !this.admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.members()
				.isEmpty();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Whether the share group has members: then its position is theirs, not to be moved.
	 */
	public boolean shareGroupIsActive(String group) throws ExecutionException, InterruptedException, TimeoutException {
		try {
			return !this.admin.describeShareGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.members()
				.isEmpty();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * The partitions where {@code other} has done more than {@code own}, with
	 * {@code other}'s position.
	 */
	public static Map<TopicPartition, Long> ahead(Map<TopicPartition, Long> other, Map<TopicPartition, Long> own) {
		return other.entrySet()
			.stream()
			.filter((position) -> position.getValue() > own.getOrDefault(position.getKey(), -1L))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private Set<TopicPartition> partitions() throws ExecutionException, InterruptedException, TimeoutException {
		int count = this.admin.describeTopics(List.of(this.topic))
			.allTopicNames()
			.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
			.get(this.topic)
			.partitions()
			.size();
		return IntStream.range(0, count)
			.mapToObj((partition) -> new TopicPartition(this.topic, partition))
			.collect(Collectors.toSet());
	}

}
