package com.example.mskqueue.consumer.lifecycle;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the job lifecycle's recording, bound from {@code jobs.lifecycle.*}.
 *
 * @param enabled whether the consumer records its jobs' steps on the lifecycle topic and
 * honours batch cancellations ({@code LIFECYCLE_ENABLED})
 * @param retention how long the lifecycle topic keeps events, when this consumer creates
 * it ({@code LIFECYCLE_RETENTION}, as the producer has it)
 * @param consumerName how this process is named in the events it records
 * ({@code HOSTNAME} in a container); unset: the JVM's name ({@code pid@host})
 */
@Validated
@ConfigurationProperties("jobs.lifecycle")
public record LifecycleProperties(boolean enabled, @NotNull Duration retention, String consumerName) {

	@Override
	public String consumerName() {
		return (this.consumerName != null && !this.consumerName.isBlank()) ? this.consumerName
				: ManagementFactory.getRuntimeMXBean().getName();
	}

}
