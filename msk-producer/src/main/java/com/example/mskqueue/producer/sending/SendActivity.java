package com.example.mskqueue.producer.sending;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Whether this producer task is sending a batch now. Work that can wait (the job view's
 * reading of the work topic) yields to sending while it is, so that recording the job
 * lifecycle costs the form's throughput as little as it can on a task's few CPUs.
 */
@Component
public class SendActivity {

	private final AtomicInteger batchesSending = new AtomicInteger();

	/** Whether a batch is being sent now. */
	public boolean sending() {
		return this.batchesSending.get() > 0;
	}

	void started() {
		this.batchesSending.incrementAndGet();
	}

	void ended() {
		this.batchesSending.decrementAndGet();
	}

}
