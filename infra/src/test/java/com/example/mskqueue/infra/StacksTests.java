package com.example.mskqueue.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The properties of the synthesized stacks that matter for running the queue; no
 * snapshots.
 */
class StacksTests {

	static Template msk;

	static Template services;

	@BeforeAll
	static void synthesize() {
		App app = new App();
		InfraApp.build(app, DeploymentSettings.defaults(), "kafka.m7g.large");
		msk = Template.fromStack((Stack) app.getNode().findChild("MskQueueKafka"));
		services = Template.fromStack((Stack) app.getNode().findChild("MskQueueServices"));
	}

	@Test
	void mskUsesIamAuthenticationOverTlsWithEncryptionAtRestAndBrokerLogs() {
		msk.hasResourceProperties("AWS::MSK::Cluster", Map.of("ClientAuthentication",
				Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true)), "Unauthenticated", Map.of("Enabled", false)),
				"EncryptionInfo",
				Map.of("EncryptionInTransit", Map.of("ClientBroker", "TLS", "InCluster", true), "EncryptionAtRest",
						Map.of("DataVolumeKMSKeyId", Match.anyValue())),
				"EnhancedMonitoring", "DEFAULT", "LoggingInfo",
				Map.of("BrokerLogs", Map.of("CloudWatchLogs", Map.of("Enabled", true, "LogGroup", Match.anyValue())))));
	}

	@Test
	void mskConfigurationDisablesTopicAutoCreationAndKeepsThreeReplicas() {
		Map<String, Map<String, Object>> configurations = msk.findResources("AWS::MSK::Configuration");
		String serverProperties = ((Map<?, ?>) configurations.values().iterator().next().get("Properties"))
			.get("ServerProperties")
			.toString();
		assertThat(serverProperties.lines()).contains("auto.create.topics.enable=false", "default.replication.factor=3",
				"min.insync.replicas=2", "offsets.retention.minutes=10080");
	}

	@Test
	void mskHasAtLeastAsManyBrokersAsReplicasAndOnlyAcceptsIamClients() {
		Map<String, Map<String, Object>> clusters = msk.findResources("AWS::MSK::Cluster");
		@SuppressWarnings("unchecked")
		Map<String, Object> properties = (Map<String, Object>) clusters.values().iterator().next().get("Properties");
		assertThat(((Number) properties.get("NumberOfBrokerNodes")).intValue()).isGreaterThanOrEqualTo(3);
		msk.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
				List.of(Match.objectLike(Map.of("FromPort", 9098, "ToPort", 9098, "IpProtocol", "tcp")))));
	}

	@Test
	void albForwardsTheProducerPathToTheProducerWithItsHealthCheck() {
		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of("Conditions", List
			.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/msk-producer*"))))));
		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
				Map.of("Port", 8082, "HealthCheckPath", "/msk-producer-healthCheck"));
		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 80, "DefaultActions", List.of(Map.of("Type", "fixed-response", "FixedResponseConfig",
						Match.objectLike(Map.of("StatusCode", "404"))))));
	}

	@Test
	void producerAndConsumerContainersHaveTheirPortsHealthChecksAndLogs() {
		Map<String, Object> producer = Map.of("Name", "msk-producer", "PortMappings",
				List.of(Map.of("ContainerPort", 8082, "Protocol", "tcp")), "HealthCheck",
				Match.objectLike(Map.of("Command",
						List.of("CMD-SHELL", "curl -fsS http://localhost:8082/msk-producer-healthCheck || exit 1"))));
		Map<String, Object> consumer = Map.of("Name", "msk-consumer", "PortMappings",
				List.of(Map.of("ContainerPort", 8081, "Protocol", "tcp")), "StopTimeout", 30, "HealthCheck",
				Match.objectLike(Map.of("Command",
						List.of("CMD-SHELL", "curl -fsS http://localhost:8081/actuator/health || exit 1"))));
		services.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions", List.of(Match.objectLike(producer))));
		services.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions", List.of(Match.objectLike(consumer))));
		services.hasResourceProperties("AWS::Logs::LogGroup",
				Map.of("LogGroupName", "/ecs/msk-producer", "RetentionInDays", 30));
		services.hasResourceProperties("AWS::Logs::LogGroup",
				Map.of("LogGroupName", "/ecs/msk-consumer", "RetentionInDays", 30));
	}

	@Test
	void consumerServiceHasNoLoadBalancer() {
		Map<String, Map<String, Object>> ecsServices = services.findResources("AWS::ECS::Service");
		assertThat(ecsServices).hasSize(2);
		long withLoadBalancers = ecsServices.values()
			.stream()
			.filter((service) -> ((Map<?, ?>) service.get("Properties")).containsKey("LoadBalancers"))
			.count();
		assertThat(withLoadBalancers).as("only the producer is behind the ALB").isEqualTo(1);
	}

	@Test
	void consumersScaleOutToEightOnLagAndInAfterFiveMinutesAtZero() {
		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 1, "MaxCapacity", 8, "ScalableDimension", "ecs:service:DesiredCount"));
		Map<String, Object> lagMetric = Map.of("Namespace", "AWS/Kafka", "MetricName", "SumOffsetLag", "Dimensions",
				Match.arrayWith(List.of(Map.of("Name", "Cluster Name", "Value", "msk-job-queue"),
						Map.of("Name", "Consumer Group", "Value", "msk-consumer"),
						Map.of("Name", "Topic", "Value", "msk-jobs"))));
		Map<String, Object> scaleOut = new java.util.HashMap<>(lagMetric);
		scaleOut.putAll(Map.of("ComparisonOperator", "GreaterThanThreshold", "Threshold", 0, "EvaluationPeriods", 1,
				"Period", 60, "TreatMissingData", "ignore"));
		services.hasResourceProperties("AWS::CloudWatch::Alarm", scaleOut);
		Map<String, Object> scaleIn = new java.util.HashMap<>(lagMetric);
		scaleIn.putAll(Map.of("ComparisonOperator", "LessThanOrEqualToThreshold", "Threshold", 0, "EvaluationPeriods",
				5, "DatapointsToAlarm", 5, "Period", 60, "TreatMissingData", "notBreaching"));
		services.hasResourceProperties("AWS::CloudWatch::Alarm", scaleIn);
		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy",
				Map.of("PolicyType", "StepScaling", "StepScalingPolicyConfiguration",
						Match.objectLike(Map.of("AdjustmentType", "ExactCapacity", "StepAdjustments",
								List.of(Map.of("MetricIntervalLowerBound", 0, "ScalingAdjustment", 8))))));
		services.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy",
				Map.of("PolicyType", "StepScaling", "StepScalingPolicyConfiguration",
						Match.objectLike(Map.of("AdjustmentType", "ExactCapacity", "StepAdjustments",
								List.of(Map.of("MetricIntervalUpperBound", 0, "ScalingAdjustment", 1))))));
	}

	@Test
	void everyIamStatementNamesItsActionsAndResourcesWithoutWildcards() {
		Map<String, Map<String, Object>> policies = services.findResources("AWS::IAM::Policy");
		assertThat(policies).isNotEmpty();
		List<Map<?, ?>> statements = policies.values()
			.stream()
			.flatMap((policy) -> ((List<?>) ((Map<?, ?>) ((Map<?, ?>) policy.get("Properties")).get("PolicyDocument"))
				.get("Statement")).stream())
			.<Map<?, ?>>map((statement) -> (Map<?, ?>) statement)
			.toList();
		for (Map<?, ?> statement : statements) {
			List<?> actions = asList(statement.get("Action"));
			assertThat(actions).as("actions of %s", statement).noneMatch((action) -> action.toString().endsWith("*"));
			// ECR's GetAuthorizationToken (the execution role's image pull) and
			// CloudWatch's
			// PutMetricData have no resource-level permissions; AWS only accepts "*" for
			// them.
			// PutMetricData is scoped by its namespace condition instead.
			if (actions.equals(List.of("cloudwatch:PutMetricData"))) {
				assertThat(statement.get("Condition").toString()).contains("cloudwatch:namespace=MskJobQueue");
			}
			else if (!actions.equals(List.of("ecr:GetAuthorizationToken"))) {
				assertThat(asList(statement.get("Resource"))).as("resources of %s", statement)
					.noneMatch((resource) -> "*".equals(resource));
			}
		}
		assertThat(statements.stream().flatMap((statement) -> asList(statement.get("Action")).stream()))
			.as("the MSK actions granted")
			.filteredOn((action) -> action.toString().startsWith("kafka"))
			.isNotEmpty();
	}

	@Test
	void producerMayWriteTheWorkTopicFamilyAndConsumerOnlyReadsItAndWritesDeadLetters() {
		String policies = services.findResources("AWS::IAM::Policy").toString();
		assertThat(policies).contains("kafka-cluster:WriteDataIdempotently", "kafka-cluster:CreateTopic",
				"kafka-cluster:ReadData", "kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup", ":topic/",
				"/msk-jobs-dlt", ":group/", "/msk-consumer", "kafka:GetBootstrapBrokers");
		Object deadLetterTopicArn = Match
			.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/msk-jobs-dlt"))))));
		Object writeDeadLettersOnly = Match.objectLike(Map.of("Action",
				List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"), "Resource", deadLetterTopicArn));
		services.hasResourceProperties("AWS::IAM::Policy",
				Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(writeDeadLettersOnly)))));
	}

	@Test
	void producerMayDescribeTheGroupKeepItsOffsetsAndReadDeadLetters() {
		Object groupArn = Match
			.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/msk-consumer"))))));
		services.hasResourceProperties("AWS::IAM::Policy",
				Map.of("PolicyDocument",
						Map.of("Statement",
								Match.arrayWith(List.of(Match.objectLike(Map.of("Action",
										List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"), "Resource",
										groupArn)))))));
		Object deadLetterTopicArn = Match
			.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/msk-jobs-dlt"))))));
		services.hasResourceProperties("AWS::IAM::Policy",
				Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Action",
						"kafka-cluster:ReadData", "Resource", Match.arrayWith(List.of(deadLetterTopicArn)))))))));
	}

	@Test
	void queueModeRunsAShareGroupOnKafka42AndScalesOnTheProducersLagOfIt() {
		App app = new App();
		InfraApp.build(app, DeploymentSettings.defaults("queue"), "kafka.m7g.large");
		Template queueMsk = Template.fromStack((Stack) app.getNode().findChild("MskQueueKafka"));
		Template queueServices = Template.fromStack((Stack) app.getNode().findChild("MskQueueServices"));

		queueMsk.hasResourceProperties("AWS::MSK::Cluster", Map.of("KafkaVersion", "4.2.x"));
		Object queueEnvironment = Match.arrayWith(List.of(Map.of("Name", "CONSUMER_MODE", "Value", "queue"),
				Map.of("Name", "SHARE_GROUP", "Value", "msk-consumer-queue")));
		for (String service : List.of("msk-consumer", "msk-producer")) {
			queueServices.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions",
					List.of(Match.objectLike(Map.of("Name", service, "Environment", queueEnvironment)))));
		}
		queueServices.hasResourceProperties("AWS::CloudWatch::Alarm",
				Map.of("Namespace", "MskJobQueue", "MetricName", "SumOffsetLag", "Dimensions",
						Match.arrayWith(List.of(Map.of("Name", "Consumer Group", "Value", "msk-consumer-queue")))));
		String policies = queueServices.findResources("AWS::IAM::Policy").toString();
		assertThat(policies).contains("/msk-consumer-queue").doesNotContain("/msk-consumer\"");
	}

	@Test
	void anExistingClusterArnReplacesTheMskStack() {
		App app = new App();
		DeploymentSettings d = DeploymentSettings.defaults();
		InfraApp.build(app, new DeploymentSettings(d.clusterName(),
				"arn:aws:kafka:eu-west-1:123456789012:cluster/shared-cluster/0f0e-1a2b-3c4d", d.kafkaVersion(),
				d.workTopic(), d.consumerGroup(), d.imageTag(), 1, 8, 0, 5, 10080, false, "producer", "group", true),
				"kafka.m7g.large");

		assertThat(app.getNode().tryFindChild("MskQueueKafka")).isNull();
		Template template = Template.fromStack((Stack) app.getNode().findChild("MskQueueServices"));
		template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "MskJobQueue", "Dimensions",
				Match.arrayWith(List.of(Map.of("Name", "Cluster Name", "Value", "shared-cluster")))));
		assertThat(template.findResources("AWS::IAM::Policy").toString()).doesNotContain("CreateTopic");
	}

	@Test
	void refusesBadSettingsWithAClearMessage() {
		DeploymentSettings d = DeploymentSettings.defaults();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeploymentSettings(d.clusterName(), "not-an-arn", d.kafkaVersion(), d.workTopic(),
					d.consumerGroup(), d.imageTag(), 1, 8, 0, 5, 10080, true, "msk", "group", true))
			.withMessageContaining("existingClusterArn must be an MSK cluster ARN");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeploymentSettings(d.clusterName(), null, d.kafkaVersion(), d.workTopic(),
					d.consumerGroup(), d.imageTag(), 9, 8, 0, 5, 10080, true, "msk", "group", true))
			.withMessageContaining("minConsumers <= maxConsumers");
		DeploymentSettings queue = DeploymentSettings.defaults("queue");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeploymentSettings(queue.clusterName(), null, "4.1.x", queue.workTopic(),
					queue.consumerGroup(), queue.imageTag(), 1, 8, 0, 5, 10080, true, "producer", "queue", true))
			.withMessageContaining("Apache Kafka 4.2 or later");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeploymentSettings(queue.clusterName(), null, "4.2.x", queue.workTopic(),
					queue.consumerGroup(), queue.imageTag(), 1, 8, 0, 5, 10080, true, "msk", "queue", true))
			.withMessageContaining("lagMetricSource=producer");
	}

	private static List<?> asList(Object value) {
		return (value instanceof List<?> list) ? list : List.of(value);
	}

}
