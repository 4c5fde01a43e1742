package com.example.mskqueue.consumer.queue;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of queue mode ({@code jobs.mode=queue}, {@code CONSUMER_MODE=queue}), bound from
 * {@code jobs.queue.*}.
 *
 * @param shareGroup the share group the consumers join
 * @param maxDeliveries the delivery attempt at which a job that keeps failing is dead-lettered
 * (at most the broker's {@code group.share.delivery.count.limit}, 5 by default, beyond which the
 * broker archives a record silently)
 * @param recordLockDuration how long a delivered job stays locked to its consumer before the
 * broker hands it to another one ({@code share.record.lock.duration.ms} of the group); must
 * outlast the longest job
 */
@Validated
@ConfigurationProperties("jobs.queue")
public record QueueProperties(@NotBlank String shareGroup, @Min(1) @Max(10) int maxDeliveries,
		@NotNull Duration recordLockDuration) {
}
