package com.example.mskqueue.producer.cloudwatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.QueueMetrics;
import com.example.mskqueue.producer.aws.AwsClients;
import com.example.mskqueue.producer.deadletters.DeadLetterIndex;
import com.example.mskqueue.producer.lag.LagMonitor;
import com.example.mskqueue.producer.latency.JobTimings;
import com.example.mskqueue.producer.latency.RunningJobs;
import com.example.mskqueue.producer.scaling.ScalingAdvisor;

/**
 * Publishes the queue's figures to CloudWatch every {@code jobs.cloudwatch.period}, under
 * the project's namespace with MSK's dimensions ({@code Cluster Name},
 * {@code Consumer Group}, {@code Topic}): the lag with MSK's metric names (which, unlike
 * MSK's own, never go missing: not while the group rebalances, not before its first
 * commit, not with no consumer), the tasks the scaling rule asks for (what
 * {@code scalingPolicy=work} scales the consumer service to), and what the dashboard and
 * alarms watch: wait and run p95, jobs done, dead letters, the longest-running job. On in
 * the {@code msk} profile. The metric names are in {@link QueueMetrics}.
 */
@Component
@ConditionalOnProperty(name = "jobs.cloudwatch.enabled", havingValue = "true")
class CloudWatchPublisher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CloudWatchPublisher.class);

	/** The jobs whose wait and run percentiles are published. */
	static final Duration RECENT = Duration.ofMinutes(5);

	private final LagMonitor monitor;

	private final ScalingAdvisor scaling;

	private final JobTimings timings;

	private final RunningJobs running;

	private final ObjectProvider<DeadLetterIndex> deadLetters;

	private final CloudWatchProperties properties;

	private final CloudWatchClient cloudWatch;

	private Long deadLettersBefore;

	CloudWatchPublisher(LagMonitor monitor, ScalingAdvisor scaling, JobTimings timings, RunningJobs running,
			ObjectProvider<DeadLetterIndex> deadLetters, CloudWatchProperties properties) {
		this.monitor = monitor;
		this.scaling = scaling;
		this.timings = timings;
		this.running = running;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.cloudWatch = AwsClients.build(CloudWatchClient.builder(), properties.region(),
				properties.endpointOverride());
	}

	@Scheduled(fixedDelayString = "${jobs.cloudwatch.period}", initialDelayString = "${jobs.cloudwatch.period}")
	void publish() {
		this.monitor.latest().ifPresent((lag) -> {
			List<Dimension> dimensions = List.of(dimension("Cluster Name", this.properties.clusterName()),
					dimension("Consumer Group", lag.group()), dimension("Topic", lag.topic()));
			Data data = new Data(dimensions);
			data.count(QueueMetrics.SUM_OFFSET_LAG, lag.sumOffsetLag());
			data.count(QueueMetrics.MAX_OFFSET_LAG, lag.maxOffsetLag());
			data.count(QueueMetrics.PARTITIONS_WITH_LAG, lag.partitionsWithLag());
			// Only once a job time has been measured: an estimate from a made-up job time
			// would mislead.
			if (lag.estimatedMaxTimeLagSeconds() != null) {
				data.seconds(QueueMetrics.ESTIMATED_MAX_TIME_LAG, lag.estimatedMaxTimeLagSeconds());
			}
			data.seconds(QueueMetrics.OLDEST_WAITING_JOB_AGE, lag.oldestWaitingSeconds());
			data.count(QueueMetrics.CONSUMER_MEMBERS, lag.members().size());
			this.scaling.latest().ifPresent((advice) -> {
				data.count(QueueMetrics.DESIRED_WORKERS, advice.desiredWorkers());
				data.count(QueueMetrics.DESIRED_TASKS, advice.desiredTasks());
				data.seconds(QueueMetrics.BACKLOG_SECONDS, advice.backlogSeconds());
			});
			JobTimings.Summary recent = this.timings.over(RECENT);
			data.count(QueueMetrics.JOBS_DONE_PER_MINUTE, recent.perMinute());
			if (recent.waitTime().p95() != null) {
				data.seconds(QueueMetrics.JOB_WAIT_P95, recent.waitTime().p95());
			}
			if (recent.runTime().p95() != null) {
				data.seconds(QueueMetrics.JOB_RUN_P95, recent.runTime().p95());
			}
			data.count(QueueMetrics.RUNNING_JOBS, this.running.count());
			data.seconds(QueueMetrics.LONGEST_RUNNING_JOB, this.running.longestRunning().toMillis() / 1000.0);
			DeadLetterIndex index = this.deadLetters.getIfAvailable();
			if (index != null) {
				long total = index.countByReason().values().stream().mapToLong(Long::longValue).sum();
				data.count(QueueMetrics.DEAD_LETTERS, total);
				data.count(QueueMetrics.NEW_DEAD_LETTERS,
						(this.deadLettersBefore != null) ? Math.max(0, total - this.deadLettersBefore) : 0);
				this.deadLettersBefore = total;
			}
			try {
				// PutMetricData takes up to 1,000 metrics a request.
				this.cloudWatch.putMetricData(
						(request) -> request.namespace(this.properties.namespace()).metricData(data.metrics));
			}
			catch (SdkException ex) {
				log.warn("Could not publish the queue's figures to CloudWatch namespace {}: {}",
						this.properties.namespace(), ex.getMessage());
			}
		});
	}

	private static Dimension dimension(String name, String value) {
		return Dimension.builder().name(name).value(value).build();
	}

	@Override
	public void destroy() {
		this.cloudWatch.close();
	}

	/** The metrics of one publication, all with the same dimensions. */
	private static final class Data {

		private final List<Dimension> dimensions;

		private final List<MetricDatum> metrics = new ArrayList<>();

		Data(List<Dimension> dimensions) {
			this.dimensions = dimensions;
		}

		void count(String name, double value) {
			add(name, value, StandardUnit.COUNT);
		}

		void seconds(String name, double value) {
			add(name, value, StandardUnit.SECONDS);
		}

		private void add(String name, double value, StandardUnit unit) {
			this.metrics.add(
					MetricDatum.builder().metricName(name).value(value).unit(unit).dimensions(this.dimensions).build());
		}

	}

}
