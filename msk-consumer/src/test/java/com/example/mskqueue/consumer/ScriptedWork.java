package com.example.mskqueue.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.example.mskqueue.consumer.job.JobRecord;
import com.example.mskqueue.consumer.job.JobWork;

/**
 * The work of a job, scripted by its key: "always-fails" throws on every try,
 * "fails-twice" on its first two, anything else waits its value in work units. Counts
 * every try.
 */
public class ScriptedWork implements JobWork {

	private final Duration unit;

	private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	ScriptedWork(Duration unit) {
		this.unit = unit;
	}

	public int attempts(String key) {
		AtomicInteger count = this.attempts.get(key);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void perform(JobRecord job, int seconds) throws InterruptedException {
		int attempt = this.attempts.computeIfAbsent(job.key(), (key) -> new AtomicInteger()).incrementAndGet();
		if ("always-fails".equals(job.key()) || ("fails-twice".equals(job.key()) && attempt <= 2)) {
			throw new IllegalStateException("downstream unavailable");
		}
		Thread.sleep(this.unit.multipliedBy(seconds).toMillis());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		@Primary
		ScriptedWork scriptedWork(ConsumerProperties properties) {
			return new ScriptedWork(properties.workUnit());
		}

	}

}
