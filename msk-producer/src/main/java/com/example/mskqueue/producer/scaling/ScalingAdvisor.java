package com.example.mskqueue.producer.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.lag.LagRead;
import com.example.mskqueue.producer.lag.LagSnapshot;
import com.example.mskqueue.scaling.LagReading;
import com.example.mskqueue.scaling.LagThresholdPolicy;
import com.example.mskqueue.scaling.Scaler;
import com.example.mskqueue.scaling.ScalingPolicy;
import com.example.mskqueue.scaling.WorkBasedPolicy;

/**
 * Runs the consumer service's scaling rule (scaling-policy's {@link Scaler}) on every lag
 * reading: the workers and tasks it asks for are gauges, go to CloudWatch for the
 * service's step scaling, and are kept for the status page, each change logged with the
 * lag that caused it ({@code event.action=scaling-advice-changed}). In group mode a
 * partition feeds one worker, so the rule never asks for more workers than partitions
 * with lag.
 */
@Component
public class ScalingAdvisor {

	private static final Logger log = LoggerFactory.getLogger(ScalingAdvisor.class);

	/** Changes kept for the status page. */
	static final int CHANGES_KEPT = 20;

	private final ScalingProperties properties;

	private final Scaler scaler;

	private final AtomicReference<ScalingAdvice> latest = new AtomicReference<>();

	private final Deque<ScalingAdvice> changes = new ArrayDeque<>();

	private final Map<Long, ScalingAdvice> byMinute = new ConcurrentSkipListMap<>();

	ScalingAdvisor(ScalingProperties properties, ProducerProperties jobs, MeterRegistry registry) {
		this.properties = properties;
		this.scaler = new Scaler(policy(properties, jobs.consumerMode() == ConsumerMode.GROUP), properties.smoothing(),
				properties.assumedJobTime());
		gauge(registry, "msk.scaling.desired.workers", "workers the scaling rule asks for",
				ScalingAdvice::desiredWorkers);
		gauge(registry, "msk.scaling.desired.tasks", "consumer tasks the scaling rule asks for",
				ScalingAdvice::desiredTasks);
		gauge(registry, "msk.scaling.backlog.seconds", "the waiting work: lag x job time",
				ScalingAdvice::backlogSeconds);
	}

	static ScalingPolicy policy(ScalingProperties properties, boolean partitionCapped) {
		return switch (properties.policy()) {
			case THRESHOLD -> new LagThresholdPolicy(properties.minWorkers(), properties.maxWorkers(),
					properties.lagThreshold(), properties.scaleInAfter());
			case WORK -> new WorkBasedPolicy(properties.minWorkers(), properties.maxWorkers(),
					properties.targetDrainTime(), properties.scaleInAfter(), partitionCapped);
		};
	}

	@EventListener
	void lagRead(LagRead read) {
		LagSnapshot snapshot = read.snapshot();
		Duration measured = (snapshot.meanJobSeconds() != null)
				? Duration.ofNanos((long) (snapshot.meanJobSeconds() * 1e9)) : null;
		LagReading reading = new LagReading(snapshot.takenAt(), snapshot.sumOffsetLag(), snapshot.partitionsWithLag(),
				measured);
		int current = snapshot.members().size();
		int desired = this.scaler.desiredWorkers(reading, current);
		ScalingAdvice advice = new ScalingAdvice(snapshot.takenAt(), current, desired,
				ScalingPolicy.tasksFor(desired, this.properties.workersPerTask()), snapshot.sumOffsetLag(),
				snapshot.sumOffsetLag() * this.scaler.jobTime(reading).toMillis() / 1000.0, measured == null);
		ScalingAdvice previous = this.latest.getAndSet(advice);
		this.byMinute.put(advice.at().getEpochSecond() / 60, advice);
		this.byMinute.keySet().removeIf((minute) -> minute <= advice.at().getEpochSecond() / 60 - 60);
		if (previous == null || previous.desiredWorkers() != desired) {
			synchronized (this.changes) {
				this.changes.addFirst(advice);
				while (this.changes.size() > CHANGES_KEPT) {
					this.changes.removeLast();
				}
			}
			log.atInfo()
				.addKeyValue("event.action", "scaling-advice-changed")
				.addKeyValue("scaling.desired.workers", desired)
				.addKeyValue("scaling.desired.tasks", advice.desiredTasks())
				.addKeyValue("scaling.lag", advice.lag())
				.addKeyValue("scaling.backlog.seconds", advice.backlogSeconds())
				.log("Scaling rule ({}): {} workers in {} tasks, was {}: {} jobs waiting, {} s of work{}",
						this.properties.policy().name().toLowerCase(), desired, advice.desiredTasks(),
						(previous != null) ? previous.desiredWorkers() : "none", advice.lag(),
						Math.round(advice.backlogSeconds()), advice.jobTimeAssumed() ? " (assumed job time)" : "");
		}
	}

	/** The advice after the newest lag reading. */
	public Optional<ScalingAdvice> latest() {
		return Optional.ofNullable(this.latest.get());
	}

	/** The latest changes of the desired workers, newest first. */
	public List<ScalingAdvice> recentChanges() {
		synchronized (this.changes) {
			return List.copyOf(this.changes);
		}
	}

	/** The last hour's advice, a minute's newest each (null: no reading that minute). */
	public List<ScalingAdvice> lastHour(Instant now) {
		long last = now.getEpochSecond() / 60;
		List<ScalingAdvice> minutes = new ArrayList<>();
		for (long minute = last - 59; minute <= last; minute++) {
			minutes.add(this.byMinute.get(minute));
		}
		return minutes;
	}

	public ScalingProperties properties() {
		return this.properties;
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ScalingAdvice> value) {
		Gauge.builder(name, this.latest, (reference) -> {
			ScalingAdvice advice = reference.get();
			return (advice != null) ? value.applyAsDouble(advice) : Double.NaN;
		}).description(description).register(registry);
	}

}
