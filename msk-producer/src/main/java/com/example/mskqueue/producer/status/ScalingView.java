package com.example.mskqueue.producer.status;

import java.util.List;

import com.example.mskqueue.producer.scaling.ConsumerServiceState;
import com.example.mskqueue.producer.scaling.ScalingAdvice;

/**
 * What the consumer service's scaling rule asks for and why: the status page's scaling
 * section, also served under {@code scaling} in {@code status.json}.
 *
 * @param policy the rule ({@code work} or {@code threshold})
 * @param latest its advice after the newest lag reading, or {@code null} before the first
 * @param changes the latest changes of the workers it asks for, newest first, each with
 * the lag that caused it
 * @param service the consumer service as ECS last described it, or {@code null} off ECS
 * (or before the first reading)
 */
public record ScalingView(String policy, ScalingAdvice latest, List<ScalingAdvice> changes,
		ConsumerServiceState service) {
}
