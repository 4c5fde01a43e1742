package com.example.mskqueue.producer.status;

import java.time.Instant;
import java.util.List;

import com.example.mskqueue.producer.lag.LagSnapshot;

/**
 * What the status page shows, as JSON.
 *
 * @param lag the newest lag reading of the work topic, or null before the first
 * @param sumOffsetLag SumOffsetLag
 * @param maxOffsetLag MaxOffsetLag
 * @param estimatedMaxTimeLagSeconds EstimatedMaxTimeLag
 * @param skew max partition lag / mean partition lag
 * @param idleMembers members holding no partition
 * @param batches the recent form submissions, newest first
 */
public record StatusView(LagSnapshot lag, long sumOffsetLag, long maxOffsetLag, double estimatedMaxTimeLagSeconds,
		double skew, List<LagSnapshot.Member> idleMembers, List<BatchProgress> batches) {

	/**
	 * One batch's progress.
	 *
	 * @param id its id
	 * @param topic its topic
	 * @param sentAt when it was sent
	 * @param sent jobs acknowledged
	 * @param done jobs committed by the group (done or dead-lettered)
	 * @param deadLettered jobs that went to the dead-letter topic
	 * @param complete whether every job is done
	 */
	public record BatchProgress(String id, String topic, Instant sentAt, int sent, int done, int deadLettered,
			boolean complete) {
	}

}
