package com.example.mskqueue.producer.latency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobState;
import com.example.mskqueue.producer.jobs.JobStepListener;

/**
 * The jobs running now, read from the recorded lifecycle: started, and not yet done,
 * retrying, dead-lettered or cancelled. How long the longest of them has run says whether
 * a job hangs: the contract's jobs run 10 s at most. A job whose consumer died mid-job is
 * started again when it is redelivered; one whose end was never recorded is forgotten
 * after {@link #FORGOTTEN_AFTER}.
 */
@Component
public class RunningJobs implements JobStepListener {

	/** Longer than any job runs, and than any redelivery takes. */
	static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

	private final Clock clock;

	private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

	RunningJobs() {
		this(Clock.systemUTC());
	}

	RunningJobs(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void step(String key, JobEvent step) {
		if (step.state() == JobState.STARTED) {
			this.startedAt.merge(key, step.at(), (kept, started) -> started.isAfter(kept) ? started : kept);
		}
		else if (step.state() != JobState.QUEUED) {
			this.startedAt.computeIfPresent(key, (running, started) -> step.at().isBefore(started) ? started : null);
		}
	}

	@Override
	public void reset() {
		this.startedAt.clear();
	}

	/** How long the longest-running job has run, zero when none runs. */
	public Duration longestRunning() {
		Instant now = this.clock.instant();
		this.startedAt.values().removeIf((started) -> started.isBefore(now.minus(FORGOTTEN_AFTER)));
		return this.startedAt.values()
			.stream()
			.min(Instant::compareTo)
			.map((started) -> Duration.between(started, now))
			.filter((running) -> !running.isNegative())
			.orElse(Duration.ZERO);
	}

	/** Jobs running now. */
	public int count() {
		return this.startedAt.size();
	}

}
