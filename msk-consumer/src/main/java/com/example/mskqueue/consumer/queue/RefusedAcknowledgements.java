package com.example.mskqueue.consumer.queue;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.AcknowledgementCommitCallback;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.consumer.job.JobLog;

/**
 * Reports every record whose acknowledgement the broker refused, one event per record
 * with its position as fields ({@code job-acknowledgement-refused}): an accepted job
 * whose acceptance is refused stays with the broker and may be done again, so an operator
 * (and the system tests) can match each job done twice to the refusal that explains it.
 */
class RefusedAcknowledgements implements AcknowledgementCommitCallback {

	private static final Logger log = LoggerFactory.getLogger(RefusedAcknowledgements.class);

	/** The {@code event.action} of a refused acknowledgement. */
	static final String ACTION = "job-acknowledgement-refused";

	/** How its message begins. */
	static final String REFUSED = "The broker refused the acknowledgement";

	@Override
	public void onComplete(Map<TopicIdPartition, Set<Long>> offsets, Exception failure) {
		if (failure == null) {
			return;
		}
		offsets.forEach((partition, refused) -> refused.forEach((offset) -> JobLog
			.of(log.atWarn(), ACTION, partition.topic(), partition.partition(), offset)
			.log(REFUSED + " of topic={} partition={} offset={}: {}. Its lock had run out, its "
					+ "partition's leader moved or the share session was lost; if its job was done (an acceptance), "
					+ "the broker may deliver it again", partition.topic(), partition.partition(), offset,
					failure.toString())));
	}

}
