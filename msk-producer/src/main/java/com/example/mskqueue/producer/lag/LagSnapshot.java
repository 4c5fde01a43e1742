package com.example.mskqueue.producer.lag;

import java.time.Instant;
import java.util.List;

/**
 * The lag of one group on one topic at one moment, with the meaning of MSK's metrics of
 * the same names: {@code SumOffsetLag} (all partitions), {@code MaxOffsetLag} (the worst
 * partition) and {@code EstimatedMaxTimeLag} (seconds to drain the worst partition at the
 * measured mean job time).
 *
 * @param topic the topic
 * @param group the consumer group or share group
 * @param groupState the group's state (STABLE, RECONCILING, EMPTY, DEAD, ...)
 * @param takenAt when it was read
 * @param partitions per partition: end offset, settled offset and lag
 * @param members the group's members and the partitions each receives from
 * @param meanJobSeconds the mean job time measured from the consumers' completions, or
 * {@code null} until one has been measured
 */
public record LagSnapshot(String topic, String group, String groupState, Instant takenAt, List<PartitionLag> partitions,
		List<Member> members, Double meanJobSeconds) {

	/** The same reading with this mean job time. */
	public LagSnapshot withMeanJobSeconds(Double seconds) {
		return new LagSnapshot(this.topic, this.group, this.groupState, this.takenAt, this.partitions, this.members,
				seconds);
	}

	public long sumOffsetLag() {
		return this.partitions.stream().mapToLong(PartitionLag::lag).sum();
	}

	public long maxOffsetLag() {
		return this.partitions.stream().mapToLong(PartitionLag::lag).max().orElse(0);
	}

	/**
	 * Seconds to drain the worst partition, or {@code null} while no job time is
	 * measured.
	 */
	public Double estimatedMaxTimeLagSeconds() {
		return (this.meanJobSeconds != null) ? maxOffsetLag() * this.meanJobSeconds : null;
	}

	/**
	 * How long the oldest job still waiting has waited at this reading, in seconds (0
	 * when none waits): what the people who sent it feel.
	 */
	public double oldestWaitingSeconds() {
		return this.partitions.stream()
			.map(PartitionLag::oldestWaiting)
			.filter(java.util.Objects::nonNull)
			.mapToDouble((queued) -> Math.max(0, java.time.Duration.between(queued, this.takenAt).toMillis() / 1000.0))
			.max()
			.orElse(0);
	}

	/** Members that receive from no partition of the topic: they cannot get work. */
	public List<Member> idleMembers() {
		return this.members.stream().filter(Member::idle).toList();
	}

	/**
	 * How much the worst partition lags behind the average one: max lag / mean lag (1 =
	 * even).
	 */
	public double skew() {
		double mean = this.partitions.stream().mapToLong(PartitionLag::lag).average().orElse(0);
		return (mean > 0) ? maxOffsetLag() / mean : 0;
	}

	/**
	 * Partitions that still have work: the most consumers a consumer group can keep busy.
	 */
	public int partitionsWithLag() {
		return (int) this.partitions.stream().filter((partition) -> partition.lag() > 0).count();
	}

	/** The settled offset of a partition, 0 if none. */
	public long committed(int partition) {
		return this.partitions.stream()
			.filter((candidate) -> candidate.partition() == partition)
			.mapToLong((candidate) -> Math.max(0, candidate.committedOffset()))
			.findFirst()
			.orElse(0);
	}

	/** The lag of a partition, 0 if the topic has no such partition. */
	public long lag(int partition) {
		return this.partitions.stream()
			.filter((candidate) -> candidate.partition() == partition)
			.mapToLong(PartitionLag::lag)
			.findFirst()
			.orElse(0);
	}

	/**
	 * One partition.
	 *
	 * @param partition its number
	 * @param endOffset the offset the next record will get
	 * @param committedOffset the group's committed offset (a share group: end minus its
	 * lag), -1 if the group never settled any
	 * @param lag records not yet done: end offset minus committed offset (the whole
	 * partition when nothing was committed); a share group's own count of unsettled
	 * records
	 * @param oldestWaiting when the oldest job still waiting on it was queued (its
	 * record's timestamp), or {@code null} when none waits or it could not be read
	 */
	public record PartitionLag(int partition, long endOffset, long committedOffset, long lag, Instant oldestWaiting) {

		/** The same, with when its oldest waiting job was queued. */
		public PartitionLag withOldestWaiting(Instant queued) {
			return new PartitionLag(this.partition, this.endOffset, this.committedOffset, this.lag, queued);
		}

	}

	/**
	 * One member of the group.
	 *
	 * @param memberId its id
	 * @param clientId its client id
	 * @param host its host
	 * @param partitions the partitions of the topic it receives from (a consumer group's
	 * member holds them; a share group's member shares them); empty for an idle member
	 */
	public record Member(String memberId, String clientId, String host, List<Integer> partitions) {

		public boolean idle() {
			return this.partitions.isEmpty();
		}

	}

}
