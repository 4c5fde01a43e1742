package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.KafkaAdmin;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.deadletter.DeadLetterRules;
import com.example.mskqueue.consumer.handover.GroupPositions;

/**
 * Prepares the share group before the first member joins:
 * {@code share.auto.offset.reset=earliest} (the broker's default is {@code latest}: jobs
 * queued before the group's first member would never be delivered) and the record lock
 * duration, and its start position when the consumers switch from group mode. It changes
 * only what differs, so a group an operator configured beforehand needs no permission to
 * alter it. It refuses {@code TRIES} whose deliveries exceed the brokers' delivery limit
 * (records past it would be archived without a dead letter), and says plainly when the
 * cluster has no share groups (the {@code share.version} feature).
 */
final class ShareGroupSetup implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(ShareGroupSetup.class);

	static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";

	static final String RECORD_LOCK_DURATION = "share.record.lock.duration.ms";

	/** Redriven jobs are written in transactions: members read committed records only. */
	static final String ISOLATION_LEVEL = "share.isolation.level";

	static final String DELIVERY_COUNT_LIMIT = "group.share.delivery.count.limit";

	static final String SHARE_VERSION = "share.version";

	private static final long TIMEOUT_SECONDS = 30;

	private final KafkaAdmin kafkaAdmin;

	private final String consumerGroup;

	private final String shareGroup;

	private final QueueProperties queue;

	private final ConsumerProperties jobs;

	private final DeadLetterRules rules;

	ShareGroupSetup(KafkaAdmin kafkaAdmin, String consumerGroup, QueueProperties queue, DeadLetterRules rules,
			ConsumerProperties jobs) {
		this.rules = rules;
		this.kafkaAdmin = kafkaAdmin;
		this.consumerGroup = consumerGroup;
		this.shareGroup = jobs.shareGroup();
		this.queue = queue;
		this.jobs = jobs;
	}

	@Override
	public void afterPropertiesSet() {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			checkShareGroupsOffered(admin);
			checkDeliveryLimit(admin);
			if (this.queue.configureGroup()) {
				configureGroup(admin);
				continueFromGroupMode(admin);
			}
			else {
				log.info(
						"Share group {}: configured by an operator (CONFIGURE_SHARE_GROUP=false); it needs {}=earliest, "
								+ "{}={} and {}=read_committed",
						this.shareGroup, AUTO_OFFSET_RESET, RECORD_LOCK_DURATION,
						this.queue.recordLockDuration().toMillis(), ISOLATION_LEVEL);
			}
		}
	}

	/**
	 * When the consumers switch from group mode, the share group continues where the
	 * consumer group stopped: before the first member joins, every partition where the
	 * consumer group committed more than the share group settled gets the consumer
	 * group's offset as the share group's start offset. Nothing done in group mode is
	 * done again; nothing pending is skipped.
	 */
	private void continueFromGroupMode(Admin admin) {
		GroupPositions positions = new GroupPositions(admin, this.jobs.topic());
		try {
			if (positions.shareGroupIsActive(this.shareGroup)) {
				return;
			}
			Map<TopicPartition, Long> ahead = GroupPositions.ahead(positions.consumerGroup(this.consumerGroup),
					positions.shareGroup(this.shareGroup));
			if (ahead.isEmpty()) {
				return;
			}
			admin.alterShareGroupOffsets(this.shareGroup, ahead).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			log.info("Share group {} continues where consumer group {} (group mode) stopped: {}", this.shareGroup,
					this.consumerGroup, ahead);
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Could not compare share group {} with consumer group {} (group mode); it starts from its own "
					+ "position: {}", this.shareGroup, this.consumerGroup, String.valueOf(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the groups' positions", ex);
		}
	}

	private void configureGroup(Admin admin) {
		ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, this.shareGroup);
		Map<String, String> wanted = Map.of(AUTO_OFFSET_RESET, "earliest", RECORD_LOCK_DURATION,
				Long.toString(this.queue.recordLockDuration().toMillis()), ISOLATION_LEVEL, "read_committed");
		try {
			Config current = admin.describeConfigs(List.of(group))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.get(group);
			List<AlterConfigOp> changes = new ArrayList<>();
			wanted.forEach((name, value) -> {
				ConfigEntry entry = (current != null) ? current.get(name) : null;
				if (entry == null || !value.equals(entry.value())) {
					changes.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
				}
			});
			if (!changes.isEmpty()) {
				admin.incrementalAlterConfigs(Map.of(group, changes)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
			log.info("Share group {}: {}=earliest, {}={}, {}=read_committed ({})", this.shareGroup, AUTO_OFFSET_RESET,
					RECORD_LOCK_DURATION, wanted.get(RECORD_LOCK_DURATION), ISOLATION_LEVEL,
					changes.isEmpty() ? "already set" : "set now");
		}
		catch (ExecutionException ex) {
			throw explain(ex.getCause(), wanted);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Could not configure share group " + this.shareGroup + " within "
					+ TIMEOUT_SECONDS + " s: is the cluster reachable?", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while configuring share group " + this.shareGroup, ex);
		}
	}

	/**
	 * Share groups need the {@code share.version} feature finalized at level 1 or more
	 * (Apache Kafka 4.2+; off on older clusters and on clusters upgraded without enabling
	 * it).
	 */
	private void checkShareGroupsOffered(Admin admin) {
		try {
			FinalizedVersionRange shareVersion = admin.describeFeatures()
				.featureMetadata()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.finalizedFeatures()
				.get(SHARE_VERSION);
			int level = (shareVersion != null) ? shareVersion.maxVersionLevel() : 0;
			if (level < 1) {
				throw new ShareGroupSetupException(
						"Queue mode needs share groups, and this cluster does not offer them (" + SHARE_VERSION + " is "
								+ level + ").",
						"Use Apache Kafka 4.2 or later, enable them with " + "kafka-features.sh upgrade --feature "
								+ SHARE_VERSION + "=1, or run the consumers with " + "CONSUMER_MODE=group.",
						null);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read the cluster's features to check for share groups within "
					+ TIMEOUT_SECONDS + " s: is the cluster reachable? " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the cluster's features", ex);
		}
	}

	/**
	 * The brokers archive a record after {@value #DELIVERY_COUNT_LIMIT} deliveries.
	 * Reading it needs permission to describe the brokers' configuration; without it the
	 * check is skipped and said so.
	 */
	private void checkDeliveryLimit(Admin admin) {
		try {
			Optional<String> limit = BrokerSetting.read(admin, DELIVERY_COUNT_LIMIT,
					Duration.ofSeconds(TIMEOUT_SECONDS));
			if (limit.isPresent() && Integer.parseInt(limit.get()) < this.rules.maxDeliveries()) {
				throw new ShareGroupSetupException(("TRIES is %d, so a job that keeps failing is delivered %d times "
						+ "(the last delivery is dead-lettered untried), but the brokers archive a record after %s "
						+ "deliveries (%s): such jobs would vanish without a dead letter.")
					.formatted(this.rules.tries(), this.rules.maxDeliveries(), limit.get(), DELIVERY_COUNT_LIMIT),
						"Set TRIES to " + (Integer.parseInt(limit.get()) - 1) + " or less.", null);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			log.info("Could not read the brokers' {} ({}); assuming it is at least TRIES + 1 = {}",
					DELIVERY_COUNT_LIMIT, (ex.getCause() != null) ? ex.getCause().toString() : ex.toString(),
					this.rules.maxDeliveries());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the brokers' configuration", ex);
		}
	}

	private IllegalStateException explain(Throwable cause, Map<String, String> wanted) {
		String group = this.shareGroup;
		if (cause instanceof UnsupportedVersionException || cause instanceof InvalidRequestException) {
			return new ShareGroupSetupException("Queue mode needs share groups (Apache Kafka 4.2 or later, with the "
					+ "share.version feature enabled), and this cluster refused a share group's configuration: "
					+ cause.getMessage() + ".", "Use CONSUMER_MODE=group on this cluster.", cause);
		}
		if (cause instanceof InvalidConfigurationException) {
			return new ShareGroupSetupException(
					"The cluster refused share group " + group + "'s settings " + wanted + ": " + cause.getMessage()
							+ ".",
					"Set RECORD_LOCK_DURATION within the brokers' "
							+ "group.share.min.record.lock.duration.ms and group.share.max.record.lock.duration.ms (15 s "
							+ "to 60 s by default).",
					cause);
		}
		if (cause instanceof AuthorizationException) {
			return new ShareGroupSetupException(
					"This consumer may not read or change share group " + group + "'s configuration ("
							+ cause.getMessage() + ").",
					"Grant it, or set the configuration once as an "
							+ "operator: kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type groups "
							+ "--entity-name " + group + " --add-config " + AUTO_OFFSET_RESET + "=earliest,"
							+ RECORD_LOCK_DURATION + "=" + wanted.get(RECORD_LOCK_DURATION) + "," + ISOLATION_LEVEL
							+ "=read_committed" + ", and start the consumers with CONFIGURE_SHARE_GROUP=false.",
					cause);
		}
		return new IllegalStateException("Could not configure share group " + group + ": " + cause, cause);
	}

}
