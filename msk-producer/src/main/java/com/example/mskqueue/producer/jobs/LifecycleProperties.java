package com.example.mskqueue.producer.jobs;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the job lifecycle view, bound from {@code jobs.lifecycle.*}.
 *
 * @param enabled whether the producer reads the work topic's lifecycle into the job and
 * batch pages ({@code LIFECYCLE_ENABLED}, as the consumers have it)
 * @param retention how far back the view reads, and how long the lifecycle topic it
 * creates keeps events ({@code LIFECYCLE_RETENTION}): what bounds the view
 * @param storeDir where the view's local copy lives (rebuilt from the topics at every
 * start)
 */
@Validated
@ConfigurationProperties("jobs.lifecycle")
public record LifecycleProperties(boolean enabled, @NotNull Duration retention, @NotNull Path storeDir) {
}
