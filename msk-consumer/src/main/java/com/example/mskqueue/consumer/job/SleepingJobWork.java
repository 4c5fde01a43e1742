package com.example.mskqueue.consumer.job;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * The stand-in work: {@code seconds} work units of waiting ({@code WORK_UNIT}, 1 s in
 * production).
 */
@Component
class SleepingJobWork implements JobWork {

	private final Duration workUnit;

	SleepingJobWork(ConsumerProperties properties) {
		this.workUnit = properties.workUnit();
	}

	@Override
	public void perform(JobRecord job, int seconds) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(this.workUnit.multipliedBy(seconds).toNanos());
	}

}
