package com.example.mskqueue.producer.lag;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.example.mskqueue.contract.ConsumerMode;

/**
 * Settings of the lag monitor, bound from {@code jobs.lag.*} (defaults in
 * {@code application.yml}).
 *
 * @param consumerGroup the consumers' group in group mode ({@code CONSUMER_GROUP})
 * @param shareGroup the consumers' share group in queue mode ({@code SHARE_GROUP});
 * unset: named after the consumer group, as the consumers name it
 * @param interval how often the lag is read from the cluster
 * @param keeperEnabled whether the offsets keeper re-commits an empty group's offsets
 * @param keeperInterval how often the keeper runs: well under the cluster's
 * {@code offsets.retention.minutes}
 */
@Validated
@ConfigurationProperties("jobs.lag")
public record LagProperties(@NotBlank String consumerGroup, String shareGroup, @NotNull Duration interval,
		boolean keeperEnabled, @NotNull Duration keeperInterval) {

	@Override
	public String shareGroup() {
		return (this.shareGroup != null && !this.shareGroup.isBlank()) ? this.shareGroup
				: ConsumerMode.shareGroupOf(this.consumerGroup);
	}

}
