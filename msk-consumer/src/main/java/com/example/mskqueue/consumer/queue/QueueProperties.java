package com.example.mskqueue.consumer.queue;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of queue mode ({@code CONSUMER_MODE=queue}), bound from {@code jobs.queue.*}.
 *
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
public record QueueProperties(@NotNull Duration recordLockDuration, boolean configureGroup) {

}
