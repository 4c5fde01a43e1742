package com.example.mskqueue.producer.jobs;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * More of the work topic's family read into a view of its own by the job view's reader,
 * in the same pass: the reader assigns the feed's topics beside its own, from the same
 * retention's start, and hands every record of them (and of the control topic) to the
 * feed. The view counts as loaded once the feeds have read up to where the topics stood
 * at start too. A feed is reset before each read from the start.
 */
public interface ViewFeed {

	/** The topics it reads besides the job view's own, for this work topic. */
	Set<String> topics(String workTopic);

	/** Forget everything: the reader starts from the retention's start. */
	void reset();

	/** A record of one of its topics, or of the control topic. */
	void apply(ConsumerRecord<String, byte[]> record);

}
