package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import com.example.mskqueue.contract.QueueMetrics;

/**
 * The queue's dashboard and alarms, drawn from the figures the producer publishes
 * (job-contract's {@link QueueMetrics}), ECS Container Insights and the ALB. Each alarm
 * says what it means and docs/deploy.md ("Dashboard and alarms") says what to do when it
 * fires; they notify an SNS topic when {@code alarmEmail} or {@code alarmTopicArn} is
 * set.
 */
final class QueueMonitoring extends Construct {

	/** How long jobs may wait with no consumer before it is called a stall. */
	static final int STALL_MINUTES = 10;

	private final List<IAlarm> alarms = new ArrayList<>();

	QueueMonitoring(Construct scope, String id, DeploymentSettings settings, Cluster cluster, FargateService consumers,
			ApplicationLoadBalancer loadBalancer) {
		super(scope, id);
		ConsumerScalingSettings scaling = settings.scaling();
		Metric lag = queueMetric(settings, QueueMetrics.SUM_OFFSET_LAG, "Maximum");
		Metric members = queueMetric(settings, QueueMetrics.CONSUMER_MEMBERS, "Minimum");
		Metric waitP95 = queueMetric(settings, QueueMetrics.JOB_WAIT_P95, "Maximum");
		Metric oldestWaiting = queueMetric(settings, QueueMetrics.OLDEST_WAITING_JOB_AGE, "Maximum");
		Metric newDeadLetters = queueMetric(settings, QueueMetrics.NEW_DEAD_LETTERS, "Sum");
		Metric longestRunning = queueMetric(settings, QueueMetrics.LONGEST_RUNNING_JOB, "Maximum");

		MathExpression wait = perMinute("MAX([waitP95, oldestWaiting])",
				Map.of("waitP95", waitP95, "oldestWaiting", oldestWaiting),
				"Wait (s): p95 of started jobs, or the oldest still waiting");
		alarm(settings, "JobsWaitTooLong", wait, ComparisonOperator.GREATER_THAN_THRESHOLD, scaling.waitTargetSeconds(),
				5, 3, TreatMissingData.NOT_BREACHING,
				"Jobs wait longer than the wait target (" + scaling.waitTargetSeconds() + " s) in 3 of 5 minutes: "
						+ "the consumers are at their maximum, starting slowly, or the jobs got longer");
		MathExpression stalled = perMinute("IF(lag > 0 AND members == 0, 1, 0)", Map.of("lag", lag, "members", members),
				"Jobs waiting with no consumer");
		alarm(settings, "JobsWaitWithNoConsumer", stalled, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
				STALL_MINUTES, STALL_MINUTES, TreatMissingData.NOT_BREACHING, "Jobs have waited " + STALL_MINUTES
						+ " minutes with no consumer in the group: consumer tasks fail to start or to join");
		alarm(settings, "DeadLettersArriving", newDeadLetters, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
				1, 1, TreatMissingData.NOT_BREACHING,
				"Jobs became dead letters: see the dead-letter page, fix the cause, then redrive");
		alarm(settings, "JobRunsTooLong", longestRunning, ComparisonOperator.GREATER_THAN_THRESHOLD,
				settings.alarms().stuckJobSeconds(), 3, 3, TreatMissingData.NOT_BREACHING, "A job has run longer than "
						+ settings.alarms().stuckJobSeconds() + " s for 3 minutes: it may be stuck");
		alarm(settings, "QueueFiguresMissing", queueMetric(settings, QueueMetrics.SUM_OFFSET_LAG, "SampleCount"),
				ComparisonOperator.LESS_THAN_THRESHOLD, 1, 5, 5, TreatMissingData.BREACHING,
				"The producer has published no queue figures for 5 minutes: scaling"
						+ ((scaling.rule() == ConsumerScalingSettings.ScalingRule.WORK) ? " is" : ", the dashboard are")
						+ " blind; is the producer running?");
		notify(settings);

		Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
			.dashboardName(settings.named("msk-job-queue"))
			.defaultInterval(Duration.hours(3))
			.build();
		dashboard.addWidgets(TextWidget.Builder.create()
			.markdown("# " + settings.named("msk-job-queue") + "\nWork topic `" + settings.workTopic() + "`, "
					+ settings.consumerMode().name().toLowerCase() + " mode, scaled by the "
					+ scaling.rule().name().toLowerCase() + " rule (" + scaling.minWorkers() + " to "
					+ scaling.maxWorkers() + " workers, " + scaling.workersPerTask() + " a task). What each alarm "
					+ "means and what to do: docs/deploy.md, \"Dashboard and alarms\".")
			.width(24)
			.height(2)
			.build());
		dashboard.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").alarms(this.alarms).width(24).build());
		dashboard.addWidgets(
				graph("Jobs waiting", List.of(lag, queueMetric(settings, QueueMetrics.MAX_OFFSET_LAG, "Maximum")),
						List.of(queueMetric(settings, QueueMetrics.BACKLOG_SECONDS, "Maximum")), null),
				graph("Wait and run (s)",
						List.of(waitP95, oldestWaiting, queueMetric(settings, QueueMetrics.JOB_RUN_P95, "Maximum")),
						List.of(),
						HorizontalAnnotation.builder()
							.value(scaling.waitTargetSeconds())
							.label("wait target")
							.build()));
		dashboard.addWidgets(
				graph("Consumer tasks: asked for and running",
						List.of(queueMetric(settings, QueueMetrics.DESIRED_TASKS, "Maximum"),
								containerInsights(cluster, consumers, "DesiredTaskCount"),
								containerInsights(cluster, consumers, "RunningTaskCount")),
						List.of(members), null),
				graph("Jobs done and running",
						List.of(queueMetric(settings, QueueMetrics.JOBS_DONE_PER_MINUTE, "Maximum"),
								queueMetric(settings, QueueMetrics.RUNNING_JOBS, "Maximum")),
						List.of(longestRunning), null));
		dashboard.addWidgets(
				graph("Dead letters", List.of(newDeadLetters),
						List.of(queueMetric(settings, QueueMetrics.DEAD_LETTERS, "Maximum")), null),
				graph("The form (ALB)",
						List.of(loadBalancer.getMetrics()
							.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT,
									MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build())),
						List.of(loadBalancer.getMetrics()
							.targetResponseTime(
									MetricOptions.builder().statistic("p95").period(Duration.minutes(1)).build())),
						null));
	}

	/**
	 * One of the producer's queue figures, with MSK's lag dimensions (the share group as
	 * {@code Consumer Group} in queue mode), over one minute.
	 */
	static Metric queueMetric(DeploymentSettings settings, String name, String statistic) {
		return Metric.Builder.create()
			.namespace(DeploymentSettings.PRODUCER_LAG_NAMESPACE)
			.metricName(name)
			.dimensionsMap(Map.of("Cluster Name", settings.cluster().name(), "Consumer Group", settings.watchedGroup(),
					"Topic", settings.workTopic()))
			.statistic(statistic)
			.period(Duration.minutes(1))
			.build();
	}

	/** A metric math expression over metrics of the same minute. */
	private static MathExpression perMinute(String expression, Map<String, ? extends IMetric> metrics, String label) {
		return MathExpression.Builder.create()
			.expression(expression)
			.usingMetrics(metrics)
			.label(label)
			.period(Duration.minutes(1))
			.build();
	}

	List<IAlarm> alarms() {
		return List.copyOf(this.alarms);
	}

	private void alarm(DeploymentSettings settings, String id, IMetric metric, ComparisonOperator comparison,
			double threshold, int evaluationPeriods, int datapoints, TreatMissingData missing, String description) {
		this.alarms.add(Alarm.Builder.create(this, id)
			.alarmName(settings.named(id))
			.alarmDescription(description)
			.metric(metric)
			.comparisonOperator(comparison)
			.threshold(threshold)
			.evaluationPeriods(evaluationPeriods)
			.datapointsToAlarm(datapoints)
			.treatMissingData(missing)
			.build());
	}

	/**
	 * Alarms and their recoveries go to the given topic, or to a new one that mails
	 * {@code alarmEmail} (encrypted with a key of its own that CloudWatch may use, TLS
	 * only).
	 */
	private void notify(DeploymentSettings settings) {
		ITopic topic;
		if (settings.alarms().topicArn() != null) {
			topic = Topic.fromTopicArn(this, "AlarmTopic", settings.alarms().topicArn());
		}
		else if (settings.alarms().email() != null) {
			Key key = Key.Builder.create(this, "AlarmTopicKey")
				.description("Encrypts the alarm notifications of " + settings.named("msk-job-queue"))
				.enableKeyRotation(true)
				.build();
			key.addToResourcePolicy(PolicyStatement.Builder.create()
				.principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
				.actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
				.resources(List.of("*"))
				.build());
			Topic created = Topic.Builder.create(this, "AlarmTopic")
				.displayName(settings.named("msk-job-queue") + " alarms")
				.masterKey(key)
				.enforceSsl(true)
				.build();
			created.addSubscription(new EmailSubscription(settings.alarms().email()));
			topic = created;
		}
		else {
			return;
		}
		SnsAction action = new SnsAction(topic);
		for (IAlarm alarm : this.alarms) {
			((Alarm) alarm).addAlarmAction(action);
			((Alarm) alarm).addOkAction(action);
		}
	}

	private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right,
			HorizontalAnnotation annotation) {
		GraphWidget.Builder graph = GraphWidget.Builder.create().title(title).left(left).width(12).height(6);
		if (!right.isEmpty()) {
			graph.right(right);
		}
		if (annotation != null) {
			graph.leftAnnotations(List.of(annotation));
		}
		return graph.build();
	}

	private static Metric containerInsights(Cluster cluster, FargateService service, String name) {
		return Metric.Builder.create()
			.namespace("ECS/ContainerInsights")
			.metricName(name)
			.dimensionsMap(Map.of("ClusterName", cluster.getClusterName(), "ServiceName", service.getServiceName()))
			.statistic("Average")
			.period(Duration.minutes(1))
			.build();
	}

}
