package com.example.mskqueue.producer.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.example.mskqueue.producer.jobs.BatchSummary;
import com.example.mskqueue.producer.lag.LagSnapshot;

/**
 * What the status page shows, also served as JSON.
 *
 * @param lag the newest lag reading of the work topic, or {@code null} before the first
 * @param sumOffsetLag SumOffsetLag
 * @param maxOffsetLag MaxOffsetLag
 * @param estimatedMaxTimeLagSeconds EstimatedMaxTimeLag, or {@code null} until a job time
 * has been measured
 * @param skew max partition lag / mean partition lag
 * @param idleMembers members holding no partition
 * @param batches the batches queued most recently, newest first, as the job lifecycle
 * counts them
 * @param deadLettersByReason the dead letters on the dead-letter topic, by reason
 * @param latency how long jobs wait and run, and the queue over the last hour
 * @param scaling what the consumer service's scaling rule asks for, and its recent
 * changes
 * @param updated when this view was put together
 */
public record StatusView(LagSnapshot lag, long sumOffsetLag, long maxOffsetLag, Double estimatedMaxTimeLagSeconds,
		double skew, List<LagSnapshot.Member> idleMembers, List<BatchSummary> batches,
		Map<String, Long> deadLettersByReason, LatencyView latency, ScalingView scaling, Instant updated) {

	private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** When this view was put together, as the page shows it (UTC). */
	public String updatedTime() {
		return TIME_OF_DAY.format(this.updated);
	}

}
