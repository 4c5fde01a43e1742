package com.example.mskqueue.producer.jobs;

import com.example.mskqueue.contract.JobEvent;

/**
 * Told of every step the job view reads, in the order it reads them (at start, the
 * retention's history first): how other views (the latency figures) follow the same
 * recorded lifecycle instead of a source of their own.
 */
public interface JobStepListener {

	void step(String key, JobEvent step);

	/** Forget every step: the view is read again from the retention's start. */
	default void reset() {
	}

}
