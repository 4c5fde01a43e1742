package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.MetricAggregationType;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.applicationautoscaling.StepScalingAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.ApplicationScalingAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.constructs.Construct;

import com.example.mskqueue.contract.QueueMetrics;
import com.example.mskqueue.infra.ConsumerScalingSettings.ScalingRule;
import com.example.mskqueue.scaling.CapacitySteps;
import com.example.mskqueue.scaling.LagThresholdPolicy;

/**
 * The consumer service's task count, set by one of two rules.
 * <p>
 * <b>work</b> (the default): the producer runs scaling-policy's {@code WorkBasedPolicy}
 * through its {@code Scaler} on every lag reading (the median lag of a smoothing window x
 * the measured job time, drained within the wait target; never zero workers while jobs
 * wait) and publishes the tasks it calls for as {@code MskJobQueue} {@code DesiredTasks};
 * step scaling with exact-capacity steps ({@link CapacitySteps}) sets the service's count
 * to it. The rule's scale-in delay is in the producer, so the metric drops only when the
 * tasks may go. While the alarm for a range stays in ALARM, Application Auto Scaling
 * keeps invoking its policy, so a value that moves within a range is followed too
 * (docs/deploy.md cites the guide).
 * <p>
 * <b>threshold</b> (the original): {@link LagThresholdPolicy} on the group's lag as MSK
 * publishes it ({@code AWS/Kafka} {@code SumOffsetLag}, dimensions {@code Cluster Name},
 * {@code Consumer Group}, {@code Topic}), or as the producer's lag monitor publishes it
 * under the same name and dimensions (the only source in queue mode, where the group is a
 * share group): lag above the threshold scales out to the maximum at once; lag at or
 * below it for {@code scaleInMinutes} consecutive minutes scales in to the minimum.
 * Missing data is treated on purpose. MSK publishes no lag while the group rebalances and
 * none before the group's first commit. The scale-out alarm ignores missing data (it
 * keeps its last state: a rebalance mid-backlog neither starts nor stops a scale-out);
 * the scale-in alarm treats it as not breaching (a gap is not evidence that the backlog
 * is drained, so it never scales in on one). Because no lag is published before the first
 * commit, keep {@code minWorkers} at 1 or more with MSK's metric so that the group exists
 * and commits.
 */
final class ConsumerScaling {

	/** AWS CDK refuses more steps for one metric (split between its two policies). */
	static final int MAX_STEPS = 40;

	private ConsumerScaling() {
	}

	static void apply(Construct scope, FargateService consumers, DeploymentSettings settings) {
		ConsumerScalingSettings scaling = settings.scaling();
		ScalableTaskCount capacity = consumers
			.autoScaleTaskCount(software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps.builder()
				.minCapacity(scaling.minTasks())
				.maxCapacity(scaling.maxTasks())
				.build());
		if (scaling.minTasks() == scaling.maxTasks()) {
			return;
		}
		if (scaling.rule() == ScalingRule.WORK) {
			scaleOnDesiredTasks(capacity, settings);
		}
		else {
			scaleOnLagThreshold(scope, capacity, settings);
		}
	}

	/**
	 * One exact-capacity step per desired task count (wider ranges beyond
	 * {@value #MAX_STEPS}), bounded at half-tasks so that a whole count never falls on
	 * the boundary of CDK's two alarms, which would both act on it.
	 */
	private static void scaleOnDesiredTasks(ScalableTaskCount capacity, DeploymentSettings settings) {
		ConsumerScalingSettings scaling = settings.scaling();
		List<CapacitySteps.Step> steps = CapacitySteps.between(scaling.minTasks(), scaling.maxTasks(), MAX_STEPS);
		List<ScalingInterval> intervals = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			ScalingInterval.Builder interval = ScalingInterval.builder().change(steps.get(i).capacity());
			if (i > 0) {
				interval.lower(steps.get(i).fromTasks() - 0.5);
			}
			if (i < steps.size() - 1) {
				interval.upper(steps.get(i + 1).fromTasks() - 0.5);
			}
			intervals.add(interval.build());
		}
		capacity.scaleOnMetric("ScaleToDesiredTasks",
				BasicStepScalingPolicyProps.builder()
					.metric(QueueMonitoring.queueMetric(settings, QueueMetrics.DESIRED_TASKS, "Maximum"))
					.scalingSteps(intervals)
					.adjustmentType(AdjustmentType.EXACT_CAPACITY)
					.metricAggregationType(MetricAggregationType.MAXIMUM)
					.evaluationPeriods(1)
					.cooldown(Duration.minutes(1))
					.build());
	}

	private static void scaleOnLagThreshold(Construct scope, ScalableTaskCount capacity, DeploymentSettings settings) {
		ConsumerScalingSettings scaling = settings.scaling();
		LagThresholdPolicy policy = scaling.thresholdPolicy();
		int minTasks = scaling.minTasks();
		int maxTasks = scaling.maxTasks();
		Metric lag = Metric.Builder.create()
			.namespace(settings.lagNamespace())
			.metricName(QueueMetrics.SUM_OFFSET_LAG)
			.dimensionsMap(Map.of("Cluster Name", settings.cluster().name(), "Consumer Group", settings.watchedGroup(),
					"Topic", settings.workTopic()))
			.statistic("Maximum")
			.period(Duration.minutes(1))
			.build();

		StepScalingAction scaleOut = StepScalingAction.Builder.create(scope, "ScaleOutOnLag")
			.scalingTarget(capacity)
			.adjustmentType(AdjustmentType.EXACT_CAPACITY)
			.metricAggregationType(MetricAggregationType.MAXIMUM)
			.cooldown(Duration.minutes(1))
			.build();
		scaleOut.addAdjustment(software.amazon.awscdk.services.applicationautoscaling.AdjustmentTier.builder()
			.lowerBound(0)
			.adjustment(maxTasks)
			.build());
		Alarm backlog = Alarm.Builder.create(scope, "LagAboveThreshold")
			.alarmDescription("Jobs are waiting: scale the consumers out to " + maxTasks + " tasks ("
					+ policy.maxWorkers() + " workers)")
			.metric(lag)
			.comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
			.threshold(policy.lagThreshold())
			.evaluationPeriods(1)
			.datapointsToAlarm(1)
			.treatMissingData(TreatMissingData.IGNORE)
			.build();
		backlog.addAlarmAction(new ApplicationScalingAction(scaleOut));

		StepScalingAction scaleIn = StepScalingAction.Builder.create(scope, "ScaleInWhenDrained")
			.scalingTarget(capacity)
			.adjustmentType(AdjustmentType.EXACT_CAPACITY)
			.metricAggregationType(MetricAggregationType.MAXIMUM)
			.cooldown(Duration.minutes(1))
			.build();
		scaleIn.addAdjustment(software.amazon.awscdk.services.applicationautoscaling.AdjustmentTier.builder()
			.upperBound(0)
			.adjustment(minTasks)
			.build());
		Alarm drained = Alarm.Builder.create(scope, "LagDrained")
			.alarmDescription("No backlog for " + scaling.scaleInMinutes() + " minutes: scale the consumers in to "
					+ minTasks + " tasks")
			.metric(lag)
			.comparisonOperator(ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD)
			.threshold(policy.lagThreshold())
			.evaluationPeriods((int) policy.scaleInAfter().toMinutes())
			.datapointsToAlarm((int) policy.scaleInAfter().toMinutes())
			.treatMissingData(TreatMissingData.NOT_BREACHING)
			.build();
		drained.addAlarmAction(new ApplicationScalingAction(scaleIn));
	}

}
