package com.example.mskqueue.consumer.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The jobs whose work is running now, and the threads running them, so that a batch
 * cancelled with {@code interruptRunning} can interrupt its running jobs through
 * {@code JobWork}'s interruption. An interruption only ever lands inside the work: a
 * job's registration is ended (and an interruption of ours cleared) under the same lock
 * as the interruption, so no consumer call made after the work sees it.
 */
@Component
public class RunningJobs {

	private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);

	private final Map<Running, Boolean> running = new ConcurrentHashMap<>();

	/**
	 * A job's work starts now, on this thread.
	 * @param batch the job's batch, or {@code null}
	 * @param job how the log names the job
	 */
	public Running start(String batch, String job) {
		Running entry = new Running(batch, job, Thread.currentThread());
		this.running.put(entry, Boolean.TRUE);
		return entry;
	}

	/** Interrupt the running jobs of {@code batch}; returns how many. */
	int interruptBatch(String batch) {
		int interrupted = 0;
		for (Running entry : this.running.keySet()) {
			if (batch.equals(entry.batch) && entry.interrupt()) {
				interrupted++;
				log.info("Batch {} cancelled: interrupting job {}", batch, entry.job);
			}
		}
		return interrupted;
	}

	/** A job whose work runs on a thread. */
	public final class Running {

		private final String batch;

		private final String job;

		private final Thread thread;

		private boolean ended;

		private boolean cancelled;

		private Running(String batch, String job, Thread thread) {
			this.batch = batch;
			this.job = job;
			this.thread = thread;
		}

		private synchronized boolean interrupt() {
			if (this.ended || this.cancelled) {
				return false;
			}
			this.cancelled = true;
			this.thread.interrupt();
			return true;
		}

		/**
		 * The work ended (on its own thread).
		 * @return whether its batch's cancellation interrupted it
		 */
		public synchronized boolean end() {
			this.ended = true;
			RunningJobs.this.running.remove(this);
			if (this.cancelled) {
				// Ours, not a stop's: no call after the work may see it.
				Thread.interrupted();
			}
			return this.cancelled;
		}

	}

}
