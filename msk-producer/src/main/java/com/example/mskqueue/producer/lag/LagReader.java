package com.example.mskqueue.producer.lag;

import java.time.Duration;
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
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads a group's lag on a topic from the broker: the topic's end offsets and the group's
 * committed offsets (Admin API). It needs no consumer to run, and answers while the group
 * rebalances, when MSK's own lag metrics are missing.
 */
@Component
class LagReader implements DisposableBean {

	/** How long a reading waits for the oldest waiting records' timestamps. */
	static final Duration PEEK_TIMEOUT = Duration.ofSeconds(1);

	private final Admin admin;

	private final Map<String, Object> peekConfig;

	/**
	 * Reads the oldest waiting record of each partition; used by the monitor's one
	 * thread.
	 */
	private Consumer<byte[], byte[]> peeker;

	LagReader(Admin admin, KafkaProperties kafka) {
		this.admin = admin;
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lag-oldest-waiting");
		this.peekConfig = config;
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
		Map<TopicPartition, Long> waitingFrom = new HashMap<>();
		Map<TopicPartition, Long> committed = shareGroup ? shareDoneOffsets(group, latest.keySet(), ends, waitingFrom)
				: consumerGroupOffsets(group);
		List<LagSnapshot.PartitionLag> partitions = new ArrayList<>();
		for (int p = 0; p < partitionCount; p++) {
			TopicPartition tp = new TopicPartition(topic, p);
			long end = ends.get(tp).offset();
			long committedOffset = committed.getOrDefault(tp, -1L);
			long lag = Math.max(0, end - Math.max(0, committedOffset));
			partitions.add(new LagSnapshot.PartitionLag(p, end, committedOffset, lag, null));
			if (lag > 0) {
				waitingFrom.putIfAbsent(tp, Math.max(0, committedOffset));
			}
			else {
				waitingFrom.remove(tp);
			}
		}
		Map<Integer, Instant> oldest = oldestWaiting(waitingFrom);
		partitions.replaceAll((partition) -> partition.withOldestWaiting(oldest.get(partition.partition())));
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
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends, Map<TopicPartition, Long> startOffsets)
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
						// The share-partition start offset: its oldest record not yet
						// settled.
						startOffsets.put(tp, info.startOffset());
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
	 * When the oldest job still waiting on each partition was queued: the timestamp of
	 * the record at the group's position (a consumer group's committed offset, a share
	 * group's start offset). Partitions not read within {@link #PEEK_TIMEOUT} are left
	 * out.
	 */
	private Map<Integer, Instant> oldestWaiting(Map<TopicPartition, Long> positions) {
		Map<Integer, Instant> oldest = new HashMap<>();
		if (positions.isEmpty()) {
			return oldest;
		}
		try {
			if (this.peeker == null) {
				this.peeker = new KafkaConsumer<>(this.peekConfig);
			}
			this.peeker.assign(positions.keySet());
			positions.forEach(this.peeker::seek);
			long deadline = System.nanoTime() + PEEK_TIMEOUT.toNanos();
			while (oldest.size() < positions.size() && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : this.peeker.poll(Duration.ofMillis(100))) {
					TopicPartition tp = new TopicPartition(record.topic(), record.partition());
					if (!oldest.containsKey(record.partition()) && record.offset() >= positions.get(tp)) {
						oldest.put(record.partition(), Instant.ofEpochMilli(record.timestamp()));
						this.peeker.pause(List.of(tp));
					}
				}
			}
			this.peeker.resume(this.peeker.assignment());
		}
		catch (KafkaException ex) {
			closePeeker();
		}
		return oldest;
	}

	private void closePeeker() {
		if (this.peeker != null) {
			this.peeker.close(CloseOptions.timeout(Duration.ofSeconds(1)));
			this.peeker = null;
		}
	}

	@Override
	public void destroy() {
		closePeeker();
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
