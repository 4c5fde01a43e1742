package com.example.mskqueue.producer.lag;

import com.example.mskqueue.contract.ConsumerMode;
import com.example.mskqueue.producer.ProducerProperties;

/**
 * The group whose lag the producer watches: the consumer group in group mode, the share
 * group in queue mode.
 *
 * @param id the group id
 * @param share whether it is a share group
 */
public record WatchedGroup(String id, boolean share) {

	static WatchedGroup of(ProducerProperties jobs, LagProperties lag) {
		return (jobs.consumerMode() == ConsumerMode.QUEUE) ? new WatchedGroup(lag.shareGroup(), true)
				: new WatchedGroup(lag.consumerGroup(), false);
	}

}
