package com.example.mskqueue.producer.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import com.example.mskqueue.producer.deadletters.DeadLetterIndex;
import com.example.mskqueue.producer.jobs.BatchSummary;
import com.example.mskqueue.producer.jobs.JobView;
import com.example.mskqueue.producer.lag.LagMonitor;
import com.example.mskqueue.producer.lag.LagSnapshot;
import com.example.mskqueue.producer.latency.JobTimings;
import com.example.mskqueue.producer.scaling.ConsumerServiceWatch;
import com.example.mskqueue.producer.scaling.ScalingAdvisor;

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

	private final JobTimings timings;

	private final ScalingAdvisor scaling;

	private final ObjectProvider<ConsumerServiceWatch> consumerService;

	StatusService(LagMonitor monitor, JobView jobs, DeadLetterIndex deadLetters, JobTimings timings,
			ScalingAdvisor scaling, ObjectProvider<ConsumerServiceWatch> consumerService) {
		this.monitor = monitor;
		this.jobs = jobs;
		this.deadLetters = deadLetters;
		this.timings = timings;
		this.scaling = scaling;
		this.consumerService = consumerService;
	}

	StatusView status() {
		LagSnapshot lag = this.monitor.latest().orElse(null);
		List<BatchSummary> batches = this.jobs.recentBatches(BATCHES_SHOWN);
		Map<String, Long> byReason = this.deadLetters.countByReason();
		LatencyView latency = latency(lag);
		ConsumerServiceWatch watch = this.consumerService.getIfAvailable();
		ScalingView scaling = new ScalingView(this.scaling.properties().policy().name().toLowerCase(),
				this.scaling.latest().orElse(null), this.scaling.recentChanges(),
				(watch != null) ? watch.latest().orElse(null) : null);
		if (lag == null) {
			return new StatusView(null, 0, 0, null, 0, List.of(), batches, byReason, latency, scaling, Instant.now());
		}
		return new StatusView(lag, lag.sumOffsetLag(), lag.maxOffsetLag(), lag.estimatedMaxTimeLagSeconds(), lag.skew(),
				lag.idleMembers(), batches, byReason, latency, scaling, Instant.now());
	}

	private LatencyView latency(LagSnapshot lag) {
		List<JobTimings.MinutePoint> jobs = this.timings.lastHour();
		List<LagMonitor.LagPoint> queue = this.monitor.lastHour();
		List<Chart> charts = List.of(
				Chart.of("chart-wait", "wait p95", "s", jobs.stream().map(JobTimings.MinutePoint::waitP95).toList()),
				Chart.of("chart-run", "run p95", "s", jobs.stream().map(JobTimings.MinutePoint::runP95).toList()),
				Chart.of("chart-throughput", "jobs done a minute", "jobs",
						jobs.stream().map((point) -> (double) point.done()).toList()),
				Chart.of("chart-lag", "jobs waiting", "jobs",
						queue.stream().map((point) -> toDouble(point.sumOffsetLag())).toList()),
				Chart.of("chart-consumers", "consumers", "members",
						queue.stream().map((point) -> toDouble(point.members())).toList()),
				Chart.of("chart-desired", "workers the scaling rule asks for", "workers",
						this.scaling.lastHour(Instant.now())
							.stream()
							.map((advice) -> (advice != null) ? (double) advice.desiredWorkers() : null)
							.toList()));
		return new LatencyView(this.timings.over(Duration.ofMinutes(5)), this.timings.over(Duration.ofHours(1)),
				(lag != null) ? lag.oldestWaitingSeconds() : 0, (lag != null) ? lag.members().size() : 0, charts);
	}

	private static Double toDouble(Number number) {
		return (number != null) ? number.doubleValue() : null;
	}

}
