package com.example.mskqueue.infra;

import java.util.List;
import java.util.Map;

import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The dashboard and alarms as code: what each alarm watches and when it fires, where they
 * notify, and the worker counts the synth refuses because the consumers could never use
 * them.
 */
class QueueMonitoringTests {

	static Template services;

	@BeforeAll
	static void synthesize() {
		services = Synthesized.defaults().services();
	}

	@Test
	void jobsWaitingLongerThanTheTargetFireAnAlarmOnTheP95OrTheOldestWaitingJob() {
		Map<String, Object> alarm = alarm(services, "dev-JobsWaitTooLong");

		assertThat(alarm).containsEntry("Threshold", 300)
			.containsEntry("ComparisonOperator", "GreaterThanThreshold")
			.containsEntry("EvaluationPeriods", 5)
			.containsEntry("DatapointsToAlarm", 3)
			.containsEntry("TreatMissingData", "notBreaching");
		assertThat(alarm.get("Metrics").toString()).contains("MAX([waitP95, oldestWaiting])", "JobWaitP95",
				"OldestWaitingJobAge");
		assertThat(alarm(Synthesized.with(Map.of("waitTargetSeconds", "240")).services(), "dev-JobsWaitTooLong"))
			.containsEntry("Threshold", 240);
	}

	@Test
	void jobsWaitingTenMinutesWithNoConsumerFireAnAlarm() {
		Map<String, Object> alarm = alarm(services, "dev-JobsWaitWithNoConsumer");

		assertThat(alarm).containsEntry("EvaluationPeriods", 10).containsEntry("DatapointsToAlarm", 10);
		assertThat(alarm.get("Metrics").toString()).contains("IF(lag > 0 AND members == 0, 1, 0)", "SumOffsetLag",
				"ConsumerMembers");
	}

	@Test
	void deadLettersStuckJobsAndMissingFiguresFireAlarms() {
		assertThat(alarm(services, "dev-DeadLettersArriving")).containsEntry("MetricName", "NewDeadLetters")
			.containsEntry("Statistic", "Sum")
			.containsEntry("Threshold", 1);
		assertThat(alarm(services, "dev-JobRunsTooLong")).containsEntry("MetricName", "LongestRunningJob")
			.containsEntry("Threshold", 60);
		assertThat(alarm(services, "dev-QueueFiguresMissing")).containsEntry("MetricName", "SumOffsetLag")
			.containsEntry("Statistic", "SampleCount")
			.containsEntry("TreatMissingData", "breaching");
		assertThat(alarm(services, "dev-JobsWaitTooLong")).doesNotContainKey("AlarmActions");
	}

	@Test
	void anAlarmEmailGetsAnEncryptedTopicThatEveryAlarmAndRecoveryNotifies() {
		Template mailed = Synthesized.with(Map.of("alarmEmail", "ops@example.com")).services();

		mailed.hasResourceProperties("AWS::SNS::Subscription",
				Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
		mailed.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
		mailed.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
		for (String name : List.of("JobsWaitTooLong", "JobsWaitWithNoConsumer", "DeadLettersArriving", "JobRunsTooLong",
				"QueueFiguresMissing")) {
			Map<String, Object> alarm = alarm(mailed, "dev-" + name);
			assertThat(alarm.get("AlarmActions").toString()).as(name).contains("AlarmTopic");
			assertThat(alarm.get("OKActions").toString()).as(name).contains("AlarmTopic");
		}
		Template existing = Synthesized.with(Map.of("alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops-alarms"))
			.services();
		assertThat(alarm(existing, "dev-DeadLettersArriving").get("AlarmActions").toString())
			.contains("arn:aws:sns:eu-west-1:123456789012:ops-alarms");
		assertThat(existing.findResources("AWS::SNS::Topic")).isEmpty();
	}

	@Test
	void theDashboardShowsTheWaitTheTasksAskedForAndRunningAndTheDeadLetters() {
		Map<String, Map<String, Object>> dashboards = services.findResources("AWS::CloudWatch::Dashboard");

		assertThat(dashboards).hasSize(1);
		Map<?, ?> properties = (Map<?, ?>) dashboards.values().iterator().next().get("Properties");
		assertThat(properties.get("DashboardName")).isEqualTo("dev-msk-job-queue");
		assertThat(properties.get("DashboardBody").toString()).contains("JobWaitP95", "OldestWaitingJobAge",
				"JobRunP95", "wait target", "DesiredTasks", "ECS/ContainerInsights", "RunningTaskCount",
				"DesiredTaskCount", "JobsDonePerMinute", "NewDeadLetters", "HTTPCode_Target_5XX_Count",
				"TargetResponseTime", "\"type\":\"alarm\"", "MonitoringJobsWaitTooLong");
	}

	@Test
	void groupModeRefusesMoreWorkersThanPartitionsAndDefaultsToAPartitionPerWorker() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("maxWorkers", "12", "workTopicPartitions", "8")))
			.withMessageContaining("maxWorkers=12 exceeds workTopicPartitions=8")
			.withMessageContaining("would sit idle");
		Template twelve = Synthesized.with(Map.of("maxWorkers", "12")).services();
		for (String service : List.of("msk-consumer", "msk-producer")) {
			assertThat(ConsumerScalingTests.environment(twelve, service)).containsEntry("WORK_TOPIC_PARTITIONS", "12");
		}
	}

	@Test
	void queueModeRefusesMoreWorkersThanAShareGroupAdmitsAsKafkaDefinesIt() {
		assertThat(ConsumerScalingSettings.SHARE_GROUP_MAX_SIZE)
			.isEqualTo(GroupCoordinatorConfig.SHARE_GROUP_MAX_SIZE_DEFAULT);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Synthesized.with(Map.of("consumerMode", "queue", "maxWorkers", "201")))
			.withMessageContaining("exceeds the 200 members a share group admits")
			.withMessageContaining("group.share.max.size");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> alarm(Template template, String name) {
		Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm",
				Map.of("Properties", Map.of("AlarmName", name)));
		assertThat(alarms).as(name).hasSize(1);
		return (Map<String, Object>) alarms.values().iterator().next().get("Properties");
	}

}
