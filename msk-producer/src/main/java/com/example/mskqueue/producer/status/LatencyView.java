package com.example.mskqueue.producer.status;

import java.util.List;

import com.example.mskqueue.producer.latency.JobTimings;

/**
 * How long jobs wait and run, as the consumers measured them, with the queue's state
 * beside: the status page's latency section, also served under {@code latency} in
 * {@code status.json}.
 *
 * @param last5Minutes the jobs done in the last 5 minutes
 * @param lastHour the jobs done in the last hour
 * @param oldestWaitingSeconds how long the oldest job still waiting has waited
 * @param consumers the group's members
 * @param charts the last hour, a point a minute: wait and run p95, jobs done, jobs
 * waiting, consumers
 */
public record LatencyView(JobTimings.Summary last5Minutes, JobTimings.Summary lastHour, double oldestWaitingSeconds,
		int consumers, List<Chart> charts) {
}
