package com.example.mskqueue.consumer.queue;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of queue mode ({@code CONSUMER_MODE=queue}), bound from {@code jobs.queue.*}.
 *
 * @param maxDeliveries the delivery at which a job that was never accepted is
 * dead-lettered instead of tried again: the broker's
 * {@code group.share.delivery.count.limit} (5 by default), after which the broker would
 * archive it without a trace. A job is therefore tried at most {@code maxDeliveries - 1}
 * times.
 * @param recordLockDuration how long a delivered job stays locked to its consumer before
 * the broker may hand it to another one ({@code share.record.lock.duration.ms} of the
 * group, 15 s to 60 s unless the brokers allow more), set on the group at startup; the
 * consumer renews the lock every half of the lock the broker reports while a job runs, so
 * jobs may take longer
 * @param configureGroup whether the consumer sets the share group's configuration and
 * start position at startup; {@code false} where an operator sets them and the consumer
 * may not ({@code CONFIGURE_SHARE_GROUP})
 */
@Validated
@ConfigurationProperties("jobs.queue")
public record QueueProperties(@Min(2) @Max(10) int maxDeliveries, @NotNull Duration recordLockDuration,
		boolean configureGroup) {

}
