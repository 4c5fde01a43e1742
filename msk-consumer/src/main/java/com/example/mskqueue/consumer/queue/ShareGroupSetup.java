package com.example.mskqueue.consumer.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.consumer.ConsumerProperties;

/**
 * Prepares the share group before the first member joins: {@code share.auto.offset.reset=earliest}
 * (without it, jobs queued before the group's first member are never delivered) and a record lock
 * that outlasts the longest job. Says plainly when the cluster has no share groups.
 */
final class ShareGroupSetup {

	private static final Logger log = LoggerFactory.getLogger(ShareGroupSetup.class);

	private ShareGroupSetup() {
	}

	static void apply(Admin admin, QueueProperties queue, ConsumerProperties jobs) {
		long lockMillis = queue.recordLockDuration().toMillis();
		if (queue.recordLockDuration().compareTo(jobs.longestJob()) <= 0) {
			throw new IllegalStateException(("jobs.queue.record-lock-duration (%s) must outlast the longest job (%s): "
					+ "a job still running when its lock expires is delivered to another consumer and done twice")
				.formatted(queue.recordLockDuration(), jobs.longestJob()));
		}
		ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, queue.shareGroup());
		List<AlterConfigOp> settings = List.of(
				new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
				new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", Long.toString(lockMillis)),
						AlterConfigOp.OpType.SET));
		try {
			admin.incrementalAlterConfigs(Map.of(group, settings)).all().get();
			log.info("Share group {}: share.auto.offset.reset=earliest, share.record.lock.duration.ms={}",
					queue.shareGroup(), lockMillis);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof UnsupportedVersionException || cause instanceof InvalidRequestException
					|| cause instanceof InvalidConfigurationException) {
				throw new IllegalStateException("Queue mode needs share groups (Apache Kafka 4.2 or later, with the "
						+ "share.version feature enabled), and this cluster refused the share group's settings: "
						+ cause.getMessage() + ". Use CONSUMER_MODE=group on this cluster.", cause);
			}
			throw new IllegalStateException("Could not configure share group " + queue.shareGroup() + ": " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while configuring share group " + queue.shareGroup(), ex);
		}
	}

}
