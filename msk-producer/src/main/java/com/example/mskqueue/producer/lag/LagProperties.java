package com.example.mskqueue.producer.lag;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the lag monitor, bound from {@code jobs.lag.*} (defaults in
 * {@code application.yml}).
 *
 * @param consumerGroup the consumers' group in group mode ({@code CONSUMER_GROUP})
 * @param shareGroup the consumers' share group in queue mode ({@code SHARE_GROUP})
 * @param interval how often the lag is read from the cluster
 * @param keeperEnabled whether the offsets keeper re-commits an empty group's offsets
 * @param keeperInterval how often the keeper runs: well under the cluster's
 * {@code offsets.retention.minutes}
 */
@Validated
@ConfigurationProperties("jobs.lag")
public record LagProperties(@NotBlank String consumerGroup, @NotBlank String shareGroup, @NotNull Duration interval,
		boolean keeperEnabled, @NotNull Duration keeperInterval) {
}
