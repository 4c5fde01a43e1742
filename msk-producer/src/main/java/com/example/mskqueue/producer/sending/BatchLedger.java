package com.example.mskqueue.producer.sending;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

import org.springframework.stereotype.Component;

/**
 * The most recent batches sent from the form, with where each job landed (partition and
 * offset), so that the status page can tell how many of a batch's jobs are done: those
 * below their partition's committed offset.
 */
@Component
public class BatchLedger {

	/** Batches kept; the oldest is forgotten first. */
	static final int CAPACITY = 20;

	private final Deque<Batch> batches = new ArrayDeque<>();

	synchronized void add(Batch batch) {
		this.batches.addFirst(batch);
		while (this.batches.size() > CAPACITY) {
			this.batches.removeLast();
		}
	}

	/** Newest first. */
	public synchronized List<Batch> recent() {
		return List.copyOf(this.batches);
	}

	/**
	 * One batch.
	 *
	 * @param id its id, sent with each job as the {@code batch-id} header
	 * @param topic the topic its jobs went to
	 * @param sentAt when it was sent
	 * @param offsets the offsets of its acknowledged jobs, per partition
	 */
	public record Batch(String id, String topic, Instant sentAt, Map<Integer, long[]> offsets) {

		public int sent() {
			return this.offsets.values().stream().mapToInt((partition) -> partition.length).sum();
		}

		/** How many of its jobs lie below their partition's committed offset. */
		public int doneGiven(IntToLongFunction committedOffset) {
			int done = 0;
			for (Map.Entry<Integer, long[]> partition : this.offsets.entrySet()) {
				long committed = committedOffset.applyAsLong(partition.getKey());
				for (long offset : partition.getValue()) {
					if (offset < committed) {
						done++;
					}
				}
			}
			return done;
		}

	}

}
