package com.example.mskqueue.producer.lag;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps an empty group's committed offsets from expiring. When every consumer is scaled
 * in, the cluster deletes the group's offsets {@code offsets.retention.minutes} after
 * their last commit; the next consumer would then start from {@code auto.offset.reset}
 * (redoing or skipping jobs). While the group is empty, the keeper commits the same
 * offsets again (Admin API), which restarts the retention clock, so scaling to zero never
 * loses the group's position.
 * <p>
 * Applies to groups of the consumer protocol (KIP-848, the consumer's default), whose
 * offsets expire counted from their commit time. Classic-protocol groups count from the
 * moment the group became empty, which a commit does not reset. Share groups (queue mode)
 * need no keeper: their state has no retention time.
 */
@Component
class OffsetsKeeper {

	private static final Logger log = LoggerFactory.getLogger(OffsetsKeeper.class);

	private final Admin admin;

	private final LagProperties properties;

	private final WatchedGroup group;

	OffsetsKeeper(Admin admin, LagProperties properties, WatchedGroup group) {
		this.admin = admin;
		this.properties = properties;
		this.group = group;
	}

	@Scheduled(fixedDelayString = "${jobs.lag.keeper-interval}", initialDelayString = "${jobs.lag.keeper-interval}")
	void keep() {
		if (!this.properties.keeperEnabled() || this.group.share()) {
			return;
		}
		String group = this.group.id();
		try {
			GroupState state = this.admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get()
				.groupState();
			if (state != GroupState.EMPTY) {
				return;
			}
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			if (offsets.isEmpty()) {
				return;
			}
			this.admin.alterConsumerGroupOffsets(group, offsets).all().get();
			log.info("Group {} is empty: committed its {} offsets again so that they outlive offsets.retention.minutes",
					group, offsets.size());
		}
		catch (ExecutionException ex) {
			log.warn("Could not keep the offsets of group {}: {}", group, ex.getCause().toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
