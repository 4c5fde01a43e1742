package com.example.mskqueue.consumer.group;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;

import com.example.mskqueue.consumer.ConsumerProperties;
import com.example.mskqueue.consumer.handover.GroupPositions;
import com.example.mskqueue.consumer.topics.WorkTopicSetup;

/**
 * When the consumers switch back from queue mode, the consumer group continues where the
 * share group stopped: before the first member joins, every partition where the share
 * group settled more than the consumer group committed gets the share group's position as
 * the consumer group's committed offset. Nothing done in queue mode is done again, and
 * nothing pending is skipped. With members already in the group it does nothing: the
 * group is running, its position is its own.
 */
class ContinueFromQueueMode implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(ContinueFromQueueMode.class);

	private final KafkaAdmin kafkaAdmin;

	private final String consumerGroup;

	private final ConsumerProperties properties;

	ContinueFromQueueMode(KafkaAdmin kafkaAdmin, KafkaProperties kafka, ConsumerProperties properties,
			WorkTopicSetup topicsAreReady) {
		this.kafkaAdmin = kafkaAdmin;
		this.consumerGroup = kafka.getConsumer().getGroupId();
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			GroupPositions positions = new GroupPositions(admin, this.properties.topic());
			if (positions.consumerGroupIsActive(this.consumerGroup)) {
				return;
			}
			Map<TopicPartition, Long> ahead = GroupPositions.ahead(positions.shareGroup(this.properties.shareGroup()),
					positions.consumerGroup(this.consumerGroup));
			if (ahead.isEmpty()) {
				return;
			}
			admin
				.alterConsumerGroupOffsets(this.consumerGroup,
						ahead.entrySet()
							.stream()
							.collect(Collectors.toMap(Map.Entry::getKey,
									(entry) -> new OffsetAndMetadata(entry.getValue()))))
				.all()
				.get(30, TimeUnit.SECONDS);
			log.info("Consumer group {} continues where share group {} (queue mode) stopped: {}", this.consumerGroup,
					this.properties.shareGroup(), ahead);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn(
					"Could not compare consumer group {} with share group {} (queue mode); it starts from its own "
							+ "position: {}",
					this.consumerGroup, this.properties.shareGroup(), String.valueOf(ex.getCause()));
		}
	}

}
