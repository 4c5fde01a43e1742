package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work rule ({@code scalingPolicy=work}) as deployed: the consumer service's task
 * count follows the tasks the producer asks for ({@code DesiredTasks}), read off the
 * synthesized alarms and step scaling policies as Application Auto Scaling evaluates
 * them.
 */
class ConsumerScalingTests {

	@Test
	void theWorkRuleSetsTheTaskCountToTheTasksTheProducerAsksForFromZeroToEight() {
		Template services = Synthesized.with(Map.of("scalingPolicy", "work", "minWorkers", "0")).services();

		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 0, "MaxCapacity", 8, "ScalableDimension", "ecs:service:DesiredCount"));
		StepScaling scaling = StepScaling.of(services, "DesiredTasks");
		for (int desired = 0; desired <= 12; desired++) {
			assertThat(scaling.capacityFor(desired)).as("tasks set for %d asked for", desired)
				.isEqualTo(Math.min(desired, 8));
		}
		assertThat(scaling.metricDimensions()).contains(Map.of("Name", "Consumer Group", "Value", "msk-consumer"),
				Map.of("Name", "Topic", "Value", "msk-jobs"));
		assertThat(environment(services, "msk-producer")).containsAllEntriesOf(Map.of("SCALING_POLICY", "work",
				"SCALING_MIN_WORKERS", "0", "SCALING_MAX_WORKERS", "8", "SCALING_TARGET_DRAIN_TIME", "180s",
				"SCALING_SMOOTHING", "60s", "SCALING_ASSUMED_JOB_TIME", "5s", "WORKERS_PER_TASK", "1"));
		assertThat(services.findResources("AWS::CloudWatch::Alarm").toString()).doesNotContain("LagAboveThreshold");
	}

	@Test
	void twoHundredTasksFitInFortyStepsNeverFewerTasksThanAskedFor() {
		Template services = Synthesized.with(Map.of("scalingPolicy", "work", "consumerMode", "queue", "maxWorkers",
				"200", "minWorkers", "2", "waitTargetSeconds", "240"))
			.services();

		StepScaling scaling = StepScaling.of(services, "DesiredTasks");
		assertThat(scaling.stepCount()).isLessThanOrEqualTo(ConsumerScaling.MAX_STEPS);
		for (int desired = 0; desired <= 210; desired++) {
			int capacity = scaling.capacityFor(desired);
			assertThat(capacity).as("tasks set for %d asked for", desired)
				.isBetween(Math.max(2, Math.min(desired, 200)), Math.max(2, Math.min(desired + 5, 200)));
		}
		assertThat(scaling.metricDimensions())
			.contains(Map.of("Name", "Consumer Group", "Value", "msk-consumer-queue"));
	}

	@Test
	void workersPerTaskDivideTheTasks() {
		Template services = Synthesized
			.with(Map.of("scalingPolicy", "work", "minWorkers", "0", "workersPerTask", "4", "maxWorkers", "8"))
			.services();

		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 0, "MaxCapacity", 2));
		StepScaling scaling = StepScaling.of(services, "DesiredTasks");
		assertThat(
				List.of(scaling.capacityFor(0), scaling.capacityFor(1), scaling.capacityFor(2), scaling.capacityFor(3)))
			.containsExactly(0, 1, 2, 2);
	}

	@Test
	void aFixedTaskCountHasNoScalingPolicy() {
		Template services = Synthesized.with(Map.of("scalingPolicy", "work", "minWorkers", "3", "maxWorkers", "3"))
			.services();

		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 3, "MaxCapacity", 3));
		assertThat(services.findResources("AWS::ApplicationAutoScaling::ScalingPolicy")).isEmpty();
	}

	/** A container's environment variables, by name. */
	@SuppressWarnings("unchecked")
	static Map<String, String> environment(Template template, String container) {
		Map<String, String> environment = new HashMap<>();
		for (Map<String, Object> task : template.findResources("AWS::ECS::TaskDefinition").values()) {
			for (Object definition : (List<Object>) ((Map<String, Object>) task.get("Properties"))
				.get("ContainerDefinitions")) {
				Map<String, Object> properties = (Map<String, Object>) definition;
				if (container.equals(properties.get("Name"))) {
					for (Object variable : (List<Object>) properties.get("Environment")) {
						Map<String, Object> pair = (Map<String, Object>) variable;
						environment.put(pair.get("Name").toString(), pair.get("Value").toString());
					}
				}
			}
		}
		return environment;
	}

	/**
	 * Step scaling as Application Auto Scaling evaluates it: an alarm in ALARM invokes
	 * its policy; a step's bounds are relative to the alarm's threshold, "if the metric
	 * value is above the breach threshold, the lower bound is inclusive and the upper
	 * bound is exclusive; if below, the lower bound is exclusive and the upper bound is
	 * inclusive" (Application Auto Scaling User Guide, "Step scaling policies").
	 */
	record StepScaling(List<AlarmAndSteps> alarms, List<Object> dimensions) {

		@SuppressWarnings("unchecked")
		static StepScaling of(Template template, String metricName) {
			Map<String, Map<String, Object>> policies = template
				.findResources("AWS::ApplicationAutoScaling::ScalingPolicy");
			List<AlarmAndSteps> alarms = new ArrayList<>();
			List<Object> dimensions = List.of();
			for (Map<String, Object> alarm : template
				.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Map.of("MetricName", metricName)))
				.values()) {
				Map<String, Object> properties = (Map<String, Object>) alarm.get("Properties");
				dimensions = (List<Object>) properties.get("Dimensions");
				String policy = ((Map<String, String>) ((List<?>) properties.get("AlarmActions")).get(0)).get("Ref");
				Map<String, Object> configuration = (Map<String, Object>) ((Map<String, Object>) policies.get(policy)
					.get("Properties")).get("StepScalingPolicyConfiguration");
				assertThat(configuration).containsEntry("AdjustmentType", "ExactCapacity");
				assertThat(properties).containsEntry("EvaluationPeriods", 1).containsEntry("Period", 60);
				alarms.add(new AlarmAndSteps(properties.get("ComparisonOperator").toString(),
						((Number) properties.get("Threshold")).doubleValue(),
						(List<Map<String, Object>>) configuration.get("StepAdjustments")));
			}
			assertThat(alarms).as("alarms on %s", metricName).isNotEmpty();
			return new StepScaling(alarms, dimensions);
		}

		int capacityFor(double value) {
			List<Integer> capacities = new ArrayList<>();
			for (AlarmAndSteps alarm : this.alarms) {
				if (alarm.breached(value)) {
					capacities.add(alarm.capacityFor(value));
				}
			}
			assertThat(capacities).as("policies acting on %s", value).hasSize(1);
			return capacities.get(0);
		}

		int stepCount() {
			return this.alarms.stream().mapToInt((alarm) -> alarm.steps().size()).sum();
		}

		List<Object> metricDimensions() {
			return this.dimensions;
		}

	}

	record AlarmAndSteps(String comparison, double threshold, List<Map<String, Object>> steps) {

		boolean breached(double value) {
			return switch (this.comparison) {
				case "LessThanOrEqualToThreshold" -> value <= this.threshold;
				case "GreaterThanOrEqualToThreshold" -> value >= this.threshold;
				default -> throw new IllegalStateException(this.comparison);
			};
		}

		int capacityFor(double value) {
			double relative = value - this.threshold;
			boolean above = relative >= 0;
			List<Integer> matches = new ArrayList<>();
			for (Map<String, Object> step : this.steps) {
				Number lower = (Number) step.get("MetricIntervalLowerBound");
				Number upper = (Number) step.get("MetricIntervalUpperBound");
				boolean overLower = (lower == null)
						|| (above ? relative >= lower.doubleValue() : relative > lower.doubleValue());
				boolean underUpper = (upper == null)
						|| (above ? relative < upper.doubleValue() : relative <= upper.doubleValue());
				if (overLower && underUpper) {
					matches.add(((Number) step.get("ScalingAdjustment")).intValue());
				}
			}
			assertThat(matches).as("steps matching %s", value).hasSize(1);
			return matches.get(0);
		}

	}

}
