package com.example.mskqueue.producer.lag;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.producer.lag.LagSnapshot.Member;
import com.example.mskqueue.producer.lag.LagSnapshot.PartitionLag;

import static org.assertj.core.api.Assertions.assertThat;

class JobTimeSampleTests {

	private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

	@Test
	void consumerGroupMembersEachWorkTheirOwnPartition() {
		// Two members, a partition each, 4 jobs done in 10 s: 20 worker-seconds, 5 s a
		// job.
		LagSnapshot before = snapshot(0, List.of(lag(0, 100, 50), lag(1, 100, 60)), members(List.of(0), List.of(1)));
		LagSnapshot after = snapshot(10, List.of(lag(0, 100, 52), lag(1, 100, 62)), members(List.of(0), List.of(1)));

		assertThat(JobTimeSample.between(before, after)).hasValue(new JobTimeSample(4, 20.0));
	}

	@Test
	void partitionsWithoutWorkAtEitherReadingAreLeftOut() {
		// Partition 1 ran dry during the interval: its member may have waited, so neither
		// its jobs nor its member count.
		LagSnapshot before = snapshot(0, List.of(lag(0, 100, 50), lag(1, 100, 98)), members(List.of(0), List.of(1)));
		LagSnapshot after = snapshot(10, List.of(lag(0, 100, 52), lag(1, 100, 100)), members(List.of(0), List.of(1)));

		assertThat(JobTimeSample.between(before, after)).hasValue(new JobTimeSample(2, 10.0));
	}

	@Test
	void shareGroupMembersBeyondTheRecordsLeftAreNotCountedAsBusy() {
		// Four members share one partition; only two records were left at the end, so at
		// most two members had a job in hand: 2 x 4 worker-seconds for 4 jobs (2 s a
		// job), not 4 x 4 (4 s a job).
		List<Member> sharing = members(List.of(0), List.of(0), List.of(0), List.of(0));
		LagSnapshot before = snapshot(0, List.of(lag(0, 60, 54)), sharing);
		LagSnapshot after = snapshot(4, List.of(lag(0, 60, 58)), sharing);

		assertThat(JobTimeSample.between(before, after)).hasValue(new JobTimeSample(4, 8.0));
	}

	@Test
	void busyTimeCountsWhenNoJobFinishedInTheInterval() {
		// A job longer than the interval: its worker was busy all along.
		LagSnapshot before = snapshot(0, List.of(lag(0, 100, 50)), members(List.of(0)));
		LagSnapshot after = snapshot(10, List.of(lag(0, 100, 50)), members(List.of(0)));

		assertThat(JobTimeSample.between(before, after)).hasValue(new JobTimeSample(0, 10.0));
	}

	@Test
	void nothingIsMeasuredWithoutMembers() {
		LagSnapshot before = snapshot(0, List.of(lag(0, 100, 50)), List.of());
		LagSnapshot after = snapshot(10, List.of(lag(0, 100, 52)), List.of());

		assertThat(JobTimeSample.between(before, after)).isEmpty();
	}

	@Test
	void aDrainOfAFewJobsOnSeveralPartitionsIsMeasuredAtTheJobsOwnLength() {
		// Three partitions, a member each, two jobs of 6 s each on every partition
		// (0-6 s, 6-12 s), read every 5 s: every job takes 6 s.
		List<Member> members = members(List.of(0), List.of(1), List.of(2));
		List<LagSnapshot> readings = List.of(
				snapshot(0, List.of(lag(0, 2, 0), lag(1, 2, 0), lag(2, 2, 0)), members),
				snapshot(5, List.of(lag(0, 2, 0), lag(1, 2, 0), lag(2, 2, 0)), members),
				snapshot(10, List.of(lag(0, 2, 1), lag(1, 2, 1), lag(2, 2, 1)), members),
				snapshot(15, List.of(lag(0, 2, 2), lag(1, 2, 2), lag(2, 2, 2)), members));
		MeanJobTime mean = new MeanJobTime();
		for (int i = 1; i < readings.size(); i++) {
			JobTimeSample.between(readings.get(i - 1), readings.get(i)).ifPresent(mean::record);
		}

		assertThat(mean.seconds()).isCloseTo(6.0, org.assertj.core.data.Percentage.withPercentage(20));
	}

	private static PartitionLag lag(int partition, long end, long committed) {
		return new PartitionLag(partition, end, committed, end - committed);
	}

	@SafeVarargs
	private static List<Member> members(List<Integer>... partitions) {
		return IntStream.range(0, partitions.length)
			.mapToObj((i) -> new Member("member-" + i, "client-" + i, "/127.0.0.1", partitions[i]))
			.toList();
	}

	private static LagSnapshot snapshot(int second, List<PartitionLag> partitions, List<Member> members) {
		return new LagSnapshot("jobs", "group", "STABLE", START.plusSeconds(second), partitions, members, null);
	}

}
