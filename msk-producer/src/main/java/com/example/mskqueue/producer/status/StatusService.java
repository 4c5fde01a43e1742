package com.example.mskqueue.producer.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import com.example.mskqueue.producer.deadletters.DeadLetterIndex;
import com.example.mskqueue.producer.jobs.BatchSummary;
import com.example.mskqueue.producer.jobs.JobView;
import com.example.mskqueue.producer.lag.LagMonitor;
import com.example.mskqueue.producer.lag.LagSnapshot;

/**
 * Puts together the status page: the lag monitor's newest reading, the most recent
 * batches as the recorded job lifecycle counts them (the same from every producer task),
 * and the dead letters by reason (the dead-letter index, within its retention).
 */
@Service
class StatusService {

	/** Batches the page lists. */
	static final int BATCHES_SHOWN = 20;

	private final LagMonitor monitor;

	private final JobView jobs;

	private final DeadLetterIndex deadLetters;

	StatusService(LagMonitor monitor, JobView jobs, DeadLetterIndex deadLetters) {
		this.monitor = monitor;
		this.jobs = jobs;
		this.deadLetters = deadLetters;
	}

	StatusView status() {
		LagSnapshot lag = this.monitor.latest().orElse(null);
		List<BatchSummary> batches = this.jobs.recentBatches(BATCHES_SHOWN);
		Map<String, Long> byReason = this.deadLetters.countByReason();
		if (lag == null) {
			return new StatusView(null, 0, 0, null, 0, List.of(), batches, byReason, Instant.now());
		}
		return new StatusView(lag, lag.sumOffsetLag(), lag.maxOffsetLag(), lag.estimatedMaxTimeLagSeconds(), lag.skew(),
				lag.idleMembers(), batches, byReason, Instant.now());
	}

}
