package com.example.mskqueue.producer.deadletters;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dead-letter redrives, bound from {@code jobs.dead-letters.*}.
 *
 * @param maxRedrives a job redriven this many times already is refused, with the reason
 * ({@code DEAD_LETTER_MAX_REDRIVES}, 3): a job that keeps failing after fixes needs a
 * look, not another try
 * @param defaultRate jobs per second when a redrive names no rate (10)
 * @param maxPerRedrive the most dead letters one redrive may move (10,000)
 */
@Validated
@ConfigurationProperties("jobs.dead-letters")
record RedriveProperties(@Min(1) int maxRedrives, @Min(1) @Max(10_000) int defaultRate,
		@Min(1) @Max(100_000) int maxPerRedrive) {
}
