package com.example.mskqueue.consumer.work;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * The work a job stands for: {@code seconds} work units of waiting. Replace this with real work.
 */
@Component
class JobWork {

	private final Duration workUnit;

	JobWork(ConsumerProperties properties) {
		this.workUnit = properties.workUnit();
	}

	void perform(int seconds) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(this.workUnit.multipliedBy(seconds).toNanos());
	}

}
