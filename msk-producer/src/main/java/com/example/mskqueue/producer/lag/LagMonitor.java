package com.example.mskqueue.producer.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.latency.JobTimings;

/**
 * Watches the consumer group's lag on the work topic every {@code jobs.lag.interval}, and
 * exposes it as metrics with MSK's meanings ({@code SumOffsetLag}, {@code MaxOffsetLag},
 * {@code EstimatedMaxTimeLag}, per-partition lag) under the {@code msk.consumer.lag.*}
 * names. It runs in the producer service, which always runs, so it keeps reporting while
 * the group rebalances and while no consumer runs at all.
 * <p>
 * The mean job time is the consumers' own measurement of the jobs they did lately, read
 * from the recorded lifecycle ({@link JobTimings}).
 */
@Component
public class LagMonitor {

	private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

	private final LagReader reader;

	private final String topic;

	private final WatchedGroup group;

	/** The jobs whose mean run time estimates a backlog's wait. */
	static final Duration RECENT = Duration.ofMinutes(5);

	private final AtomicReference<LagSnapshot> latest = new AtomicReference<>();

	private final LagHistory history = new LagHistory();

	private final MultiGauge partitionLag;

	private final JobTimings timings;

	private final ApplicationEventPublisher events;

	LagMonitor(LagReader reader, ProducerProperties jobs, WatchedGroup group, JobTimings timings,
			MeterRegistry registry, ApplicationEventPublisher events) {
		this.reader = reader;
		this.timings = timings;
		this.events = events;
		this.topic = jobs.topic();
		this.group = group;
		Tags tags = Tags.of("topic", this.topic, "group", group.id());
		gauge(registry, "msk.consumer.lag.sum", "SumOffsetLag: records not yet done, all partitions", tags,
				LagSnapshot::sumOffsetLag);
		gauge(registry, "msk.consumer.lag.max", "MaxOffsetLag: records not yet done in the worst partition", tags,
				LagSnapshot::maxOffsetLag);
		gauge(registry, "msk.consumer.lag.estimated.max.time",
				"EstimatedMaxTimeLag: seconds to drain the worst partition at the mean job time", tags,
				(snapshot) -> orNaN(snapshot.estimatedMaxTimeLagSeconds()));
		gauge(registry, "msk.consumer.oldest.waiting", "seconds the oldest job still waiting has waited", tags,
				LagSnapshot::oldestWaitingSeconds);
		gauge(registry, "msk.consumer.group.members", "members of the consumer group", tags,
				(snapshot) -> snapshot.members().size());
		gauge(registry, "msk.consumer.group.idle.members", "members that hold no partition", tags,
				(snapshot) -> snapshot.idleMembers().size());
		gauge(registry, "msk.consumer.job.mean.time", "mean run time of the jobs done in the last 5 minutes", tags,
				(snapshot) -> orNaN(snapshot.meanJobSeconds()));
		this.partitionLag = MultiGauge.builder("msk.consumer.lag.partition")
			.description("records not yet done, per partition")
			.tags(tags)
			.register(registry);
	}

	/** The last hour, a point a minute (the minute's newest reading), oldest first. */
	public List<LagPoint> lastHour() {
		return this.history.lastHour(Instant.now());
	}

	/** The newest reading, if the cluster has answered at least once. */
	public Optional<LagSnapshot> latest() {
		return Optional.ofNullable(this.latest.get());
	}

	@Scheduled(fixedDelayString = "${jobs.lag.interval}", initialDelayString = "${jobs.lag.interval}")
	void refresh() {
		try {
			LagSnapshot read = this.reader.read(this.topic, this.group.id(), this.group.share());
			LagSnapshot current = read.withMeanJobSeconds(meanJobSeconds());
			this.latest.set(current);
			this.history.record(current);
			this.partitionLag.register(current.partitions()
				.stream()
				.map((partition) -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(partition.partition())),
						partition.lag()))
				.toList(), true);
			this.events.publishEvent(new LagRead(current));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// Keep the last reading: a missing metric is what makes lag-based scaling
			// misbehave.
			log.warn("Could not read the lag of group {} on topic {}: {}", this.group.id(), this.topic, ex.toString());
		}
	}

	/**
	 * The mean run time of the jobs done in the last five minutes (else the last hour),
	 * as their consumers measured them: what a backlog's wait is estimated with.
	 */
	private Double meanJobSeconds() {
		Double recent = this.timings.over(RECENT).meanRunSeconds();
		return (recent != null) ? recent : this.timings.over(Duration.ofHours(1)).meanRunSeconds();
	}

	private static double orNaN(Double value) {
		return (value != null) ? value : Double.NaN;
	}

	private void gauge(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<LagSnapshot> value) {
		Gauge.builder(name, this.latest, (reference) -> {
			LagSnapshot snapshot = reference.get();
			return (snapshot != null) ? value.applyAsDouble(snapshot) : Double.NaN;
		}).description(description).tags(tags).register(registry);
	}

	/**
	 * One minute of the lag's last hour.
	 *
	 * @param minute when it began
	 * @param sumOffsetLag the jobs waiting, or {@code null} for a minute without a
	 * reading
	 * @param oldestWaitingSeconds how long the oldest of them had waited
	 * @param members the group's members
	 */
	public record LagPoint(Instant minute, Long sumOffsetLag, Double oldestWaitingSeconds, Integer members) {
	}

}
