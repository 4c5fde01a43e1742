package com.example.mskqueue.infra;

import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.MetricAggregationType;
import software.amazon.awscdk.services.applicationautoscaling.StepScalingAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.ApplicationScalingAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.constructs.Construct;

import com.example.mskqueue.scaling.LagThresholdPolicy;

/**
 * The consumer service scales on the group's lag as MSK publishes it ({@code AWS/Kafka}
 * {@code SumOffsetLag}, dimensions {@code Cluster Name}, {@code Consumer Group},
 * {@code Topic}), or as the producer's lag monitor publishes it under the same name and
 * dimensions (the only source in queue mode, where the group is a share group), deploying
 * {@link LagThresholdPolicy} (the original policy by default), counted in workers and
 * deployed in tasks of {@code workersPerTask} workers: lag above the threshold scales out
 * to the maximum at once; lag at or below it for {@code scaleInMinutes} consecutive
 * minutes scales in to the minimum.
 * <p>
 * Missing data is treated on purpose. MSK publishes no lag while the group rebalances and
 * none before the group's first commit. The scale-out alarm ignores missing data (it
 * keeps its last state: a rebalance mid-backlog neither starts nor stops a scale-out);
 * the scale-in alarm treats it as not breaching (a gap is not evidence that the backlog
 * is drained, so it never scales in on one). Because no lag is published before the first
 * commit, keep {@code minWorkers} at 1 or more so that the group exists and commits.
 */
final class ConsumerScaling {

	static final String METRIC = "SumOffsetLag";

	private ConsumerScaling() {
	}

	static void apply(Construct scope, FargateService consumers, DeploymentSettings settings) {
		ConsumerScalingSettings scaling = settings.scaling();
		LagThresholdPolicy policy = scaling.policy();
		int minTasks = scaling.tasksFor(policy.minWorkers());
		int maxTasks = scaling.tasksFor(policy.maxWorkers());
		ScalableTaskCount capacity = consumers
			.autoScaleTaskCount(software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps.builder()
				.minCapacity(minTasks)
				.maxCapacity(maxTasks)
				.build());
		Metric lag = Metric.Builder.create()
			.namespace(settings.lagNamespace())
			.metricName(METRIC)
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
