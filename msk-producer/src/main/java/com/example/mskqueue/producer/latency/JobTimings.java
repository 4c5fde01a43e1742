package com.example.mskqueue.producer.latency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.producer.jobs.JobStepListener;

/**
 * How long jobs waited and ran, measured by the consumers and read from the recorded
 * lifecycle: each {@code done} step carries its job's wait (from its record's timestamp
 * to its start) and run time. Kept per minute of the jobs' end for the last hour (at most
 * {@value #SAMPLES_PER_MINUTE} samples a minute, a uniform sample beyond), so that every
 * producer task shows the same figures, also just after a restart.
 */
@Component
public class JobTimings implements JobStepListener {

	/** How far back the figures reach. */
	static final Duration KEPT = Duration.ofHours(1);

	/** Samples kept per minute: beyond, a uniform sample of the minute's jobs. */
	static final int SAMPLES_PER_MINUTE = 4096;

	private final Clock clock;

	private final Map<Long, Minute> minutes = new ConcurrentSkipListMap<>();

	JobTimings() {
		this(Clock.systemUTC());
	}

	JobTimings(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void step(String key, JobEvent step) {
		if (step.state() != JobState.DONE || step.runMillis() == null) {
			return;
		}
		long minute = step.at().getEpochSecond() / 60;
		if (minute < now() - KEPT.toMinutes()) {
			return;
		}
		this.minutes.computeIfAbsent(minute, Minute::new)
			.add(step.runMillis(), (step.waitMillis() != null) ? step.waitMillis() : -1);
		this.minutes.keySet().removeIf((kept) -> kept < now() - KEPT.toMinutes());
	}

	@Override
	public void reset() {
		this.minutes.clear();
	}

	/**
	 * Wait and run percentiles, throughput and mean run time over the last
	 * {@code window}.
	 */
	public Summary over(Duration window) {
		long from = now() - window.toMinutes() + 1;
		List<Long> runs = new ArrayList<>();
		List<Long> waits = new ArrayList<>();
		long done = 0;
		long runTotal = 0;
		for (Minute minute : this.minutes.values()) {
			if (minute.minute >= from) {
				synchronized (minute) {
					done += minute.done;
					runTotal += minute.runTotal;
					minute.samples(runs, waits);
				}
			}
		}
		Double meanRun = (done > 0) ? runTotal / 1000.0 / done : null;
		return new Summary(window, done, done / (double) window.toMinutes(), meanRun, Percentiles.of(waits),
				Percentiles.of(runs));
	}

	/**
	 * The last hour, a point a minute, oldest first: jobs done, and the 95th percentiles
	 * of wait and run.
	 */
	public List<MinutePoint> lastHour() {
		long last = now();
		List<MinutePoint> points = new ArrayList<>();
		for (long minute = last - KEPT.toMinutes() + 1; minute <= last; minute++) {
			Minute kept = this.minutes.get(minute);
			if (kept == null) {
				points.add(new MinutePoint(Instant.ofEpochSecond(minute * 60), 0, null, null));
				continue;
			}
			List<Long> runs = new ArrayList<>();
			List<Long> waits = new ArrayList<>();
			long done;
			synchronized (kept) {
				done = kept.done;
				kept.samples(runs, waits);
			}
			points.add(new MinutePoint(Instant.ofEpochSecond(minute * 60), done, Percentiles.of(waits).p95(),
					Percentiles.of(runs).p95()));
		}
		return points;
	}

	private long now() {
		return this.clock.instant().getEpochSecond() / 60;
	}

	/**
	 * Figures over a window.
	 *
	 * @param window how far back
	 * @param done jobs done in it
	 * @param perMinute jobs done a minute
	 * @param meanRunSeconds their mean run time, or {@code null} when none was done
	 * @param wait percentiles of their wait, in seconds
	 * @param run percentiles of their run time, in seconds
	 */
	public record Summary(Duration window, long done, double perMinute, Double meanRunSeconds, Percentiles waitTime,
			Percentiles runTime) {
	}

	/**
	 * The 50th, 95th and 99th percentiles of some times, in seconds, or {@code null} each
	 * when there were none.
	 *
	 * @param count how many times
	 * @param p50 the median
	 * @param p95 the 95th percentile
	 * @param p99 the 99th percentile
	 */
	public record Percentiles(long count, Double p50, Double p95, Double p99) {

		static Percentiles of(List<Long> millis) {
			if (millis.isEmpty()) {
				return new Percentiles(0, null, null, null);
			}
			long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
			return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
		}

		/** The nearest-rank percentile. */
		private static double at(long[] sorted, double quantile) {
			int rank = (int) Math.ceil(quantile * sorted.length);
			return sorted[Math.max(0, rank - 1)] / 1000.0;
		}

	}

	/**
	 * One minute of the last hour.
	 *
	 * @param minute when it began
	 * @param done jobs done in it
	 * @param waitP95 their 95th percentile wait, in seconds, or {@code null}
	 * @param runP95 their 95th percentile run time, in seconds, or {@code null}
	 */
	public record MinutePoint(Instant minute, long done, Double waitP95, Double runP95) {
	}

	/** The jobs done in one minute, and a sample of their times. */
	private static final class Minute {

		private final long minute;

		private long done;

		private long runTotal;

		private long[] runs = new long[16];

		private long[] waits = new long[16];

		private int sampled;

		Minute(long minute) {
			this.minute = minute;
		}

		synchronized void add(long runMillis, long waitMillis) {
			this.done++;
			this.runTotal += runMillis;
			int slot;
			if (this.sampled < SAMPLES_PER_MINUTE) {
				slot = this.sampled++;
				if (slot == this.runs.length) {
					this.runs = Arrays.copyOf(this.runs, slot * 2);
					this.waits = Arrays.copyOf(this.waits, slot * 2);
				}
			}
			else {
				// Reservoir sampling: every job of the minute is kept with equal chance.
				long pick = ThreadLocalRandom.current().nextLong(this.done);
				if (pick >= SAMPLES_PER_MINUTE) {
					return;
				}
				slot = (int) pick;
			}
			this.runs[slot] = runMillis;
			this.waits[slot] = waitMillis;
		}

		void samples(List<Long> runs, List<Long> waits) {
			for (int i = 0; i < this.sampled; i++) {
				runs.add(this.runs[i]);
				if (this.waits[i] >= 0) {
					waits.add(this.waits[i]);
				}
			}
		}

	}

}
