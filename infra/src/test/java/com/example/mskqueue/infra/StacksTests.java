package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties of the synthesized stacks that matter for running the queue and for
 * running it safely; no snapshots.
 */
class StacksTests {

	static Synthesized defaults;

	static Template msk;

	static Template services;

	@BeforeAll
	static void synthesize() {
		defaults = Synthesized.defaults();
		msk = defaults.kafka();
		services = defaults.services();
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
	void mskRunsAVersionByItsMskNameOnThreeStandardBrokersInThreeZones() {
		Map<String, Object> cluster = properties(msk, "AWS::MSK::Cluster");
		assertThat(cluster.get("KafkaVersion")).isEqualTo("4.1.x.kraft");
		assertThat(((Number) cluster.get("NumberOfBrokerNodes")).intValue()).isEqualTo(3);
		Map<?, ?> brokers = (Map<?, ?>) cluster.get("BrokerNodeGroupInfo");
		assertThat(brokers.get("InstanceType")).isEqualTo("kafka.m7g.large");
		assertThat((List<?>) brokers.get("ClientSubnets")).hasSize(3);
		assertThat(brokers.get("StorageInfo")).isNotNull();
		msk.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress", List.of(Match
			.objectLike(Map.of("FromPort", 9098, "ToPort", 9098, "IpProtocol", "tcp", "CidrIp", "10.0.0.0/16")))));
	}

	@Test
	void mskConfigurationDisablesTopicAutoCreationAndKeepsThreeReplicas() {
		assertThat(serverProperties(msk)).contains("auto.create.topics.enable=false", "default.replication.factor=3",
				"min.insync.replicas=2", "offsets.retention.minutes=10080");
		msk.hasResourceProperties("AWS::MSK::Configuration",
				Map.of("Name", "dev-msk-job-queue-config", "KafkaVersionsList", List.of("4.1.x.kraft")));
	}

	@Test
	void theClusterAndEverythingItNeedsOutliveStackDeletionUnlessToldOtherwise() {
		for (String type : List.of("AWS::MSK::Cluster", "AWS::MSK::Configuration", "AWS::KMS::Key",
				"AWS::EC2::SecurityGroup", "AWS::Logs::LogGroup")) {
			msk.hasResource(type, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
		}
		Template disposable = Synthesized.with(Map.of("retainCluster", "false")).kafka();
		disposable.hasResource("AWS::MSK::Cluster", Map.of("DeletionPolicy", "Delete"));
		msk.hasOutput("ClusterArn", Map.of());
	}

	@Test
	void queueModeRunsOnStandardBrokersWithKafka42AsMsksGuideListsShareGroups() {
		Synthesized queue = Synthesized.with(Map.of("consumerMode", "queue"));
		Template queueMsk = queue.kafka();
		Map<String, Object> cluster = properties(queueMsk, "AWS::MSK::Cluster");

		assertThat(cluster.get("KafkaVersion")).isEqualTo("4.2.x.kraft");
		Map<?, ?> brokers = (Map<?, ?>) cluster.get("BrokerNodeGroupInfo");
		assertThat(brokers.get("InstanceType")).isEqualTo("kafka.m7g.large");
		assertThat(brokers.containsKey("StorageInfo")).as("Standard brokers have EBS storage").isTrue();
		assertThat(serverProperties(queueMsk)).contains("auto.create.topics.enable=false",
				"default.replication.factor=3", "min.insync.replicas=2");
		Annotations.fromStack(queue.stack("kafka")).hasNoWarning("*", Match.anyValue());

		Object queueEnvironment = Match.arrayWith(List.of(Map.of("Name", "CONSUMER_MODE", "Value", "queue")));
		for (String service : List.of("msk-consumer", "msk-producer")) {
			queue.services()
				.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions",
						List.of(Match.objectLike(Map.of("Name", service, "Environment", queueEnvironment)))));
		}
		queue.services()
			.hasResourceProperties("AWS::CloudWatch::Alarm",
					Map.of("Namespace", "MskJobQueue", "MetricName", "SumOffsetLag", "Dimensions",
							Match.arrayWith(List.of(Map.of("Name", "Consumer Group", "Value", "msk-consumer-queue")))));
	}

	@Test
	void theConsumerTaskRoleMayProtectItsOwnTasksFromScaleIn() {
		Map<String, Object> consumerRole = taskRolePolicy("ConsumerTask");
		assertThat(consumerRole.toString()).contains("ecs:UpdateTaskProtection", ":task/");
		assertThat(taskRolePolicy("ProducerTask").toString()).doesNotContain("ecs:UpdateTaskProtection");
	}

	@Test
	void theProducerMayDescribeOnlyTheConsumerServiceWhichItsStatusPageShows() {
		String producer = taskRolePolicy("ProducerTask").toString();
		assertThat(producer)
			.containsPattern("ecs:DescribeServices, Effect=Allow, Resource=\\{Ref=Consumer[A-Za-z0-9]+\\}");
		assertThat(taskRolePolicy("ConsumerTask").toString()).doesNotContain("ecs:DescribeServices");
		Object producerEnvironment = Match.arrayWith(List.of(Map.of("Name", "CONSUMER_SERVICE_WATCH", "Value", "true"),
				Match.objectLike(Map.of("Name", "CONSUMER_SERVICE_CLUSTER", "Value",
						Map.of("Ref", Match.stringLikeRegexp("Cluster[A-Za-z0-9]+")))),
				Match.objectLike(Map.of("Name", "CONSUMER_SERVICE_NAME", "Value",
						Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Consumer[A-Za-z0-9]+"), "Name"))))));
		services.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions",
				List.of(Match.objectLike(Map.of("Name", "msk-producer", "Environment", producerEnvironment)))));
	}

	@Test
	void theAlbAcceptsNobodyByDefaultAndNoSecurityGroupIsOpenToTheInternet() {
		for (Template template : List.of(defaults.network(), msk, services)) {
			assertThat(ingressSources(template)).doesNotContain("0.0.0.0/0", "::/0");
		}
		Template open = Synthesized.with(Map.of("allowedCidrs", "203.0.113.7/32,198.51.100.0/24")).services();
		for (String cidr : List.of("203.0.113.7/32", "198.51.100.0/24")) {
			open.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
					Match.arrayWith(List.of(Match.objectLike(Map.of("CidrIp", cidr, "FromPort", 80, "ToPort", 80))))));
		}
		Template everyone = Synthesized.with(Map.of("allowedCidrs", "0.0.0.0/0")).services();
		assertThat(ingressSources(everyone)).as("only when a deployer asks for it").contains("0.0.0.0/0");
	}

	@Test
	void withACertificateTheAlbServesHttpsAndHttpOnlyRedirectsToIt() {
		String certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234";
		Template https = Synthesized.with(Map.of("certificateArn", certificate, "allowedCidrs", "203.0.113.7/32"))
			.services();

		https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 443, "Protocol", "HTTPS", "Certificates", List.of(Map.of("CertificateArn", certificate)),
						"SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"));
		https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 80, "Protocol", "HTTP", "DefaultActions", List.of(Map.of("Type", "redirect",
						"RedirectConfig", Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))));
		assertThat(https.findResources("AWS::ElasticLoadBalancingV2::ListenerRule")).hasSize(1);
		https.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("SecurityGroupIngress",
				Match.arrayWith(List.of(Match.objectLike(Map.of("CidrIp", "203.0.113.7/32", "FromPort", 443))))));
	}

	@Test
	void anOidcSignInGuardsTheProducerPathWithTheClientSecretLeftInSecretsManager() {
		Template signedIn = Synthesized.with(Map.of("certificateArn",
				"arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234", "signIn", "oidc", "oidcIssuer",
				"https://idp.example.com", "oidcAuthorizationEndpoint", "https://idp.example.com/authorize",
				"oidcTokenEndpoint", "https://idp.example.com/token", "oidcUserInfoEndpoint",
				"https://idp.example.com/userinfo", "oidcClientId", "jobs", "oidcClientSecretName", "jobs/oidc"))
			.services();

		Map<String, Object> rule = properties(signedIn, "AWS::ElasticLoadBalancingV2::ListenerRule");
		List<?> actions = (List<?>) rule.get("Actions");
		assertThat(actions.stream().map((action) -> String.valueOf(((Map<?, ?>) action).get("Type"))).toList())
			.containsExactly("authenticate-oidc", "forward");
		assertThat(actions.get(0).toString()).contains("{{resolve:secretsmanager:jobs/oidc:SecretString:::}}");
		assertThat(rule.get("Conditions").toString()).contains("/msk-producer*");
	}

	@Test
	void aCognitoSignInGuardsTheProducerPathWithAnExistingUserPool() {
		Template signedIn = Synthesized
			.with(Map.of("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234", "signIn",
					"cognito", "cognitoUserPoolArn",
					"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf", "cognitoClientId",
					"1example23456789", "cognitoDomain", "team-jobs"))
			.services();

		List<?> actions = (List<?>) properties(signedIn, "AWS::ElasticLoadBalancingV2::ListenerRule").get("Actions");
		assertThat(actions.stream().map((action) -> String.valueOf(((Map<?, ?>) action).get("Type"))).toList())
			.containsExactly("authenticate-cognito", "forward");
		assertThat(actions.get(0).toString()).contains("eu-west-1_AbCdEf", "1example23456789", "team-jobs");
	}

	@Test
	void theAlbDropsInvalidHeadersLogsEveryRequestAndForwardsOnlyTheProducerPathToItsWebPort() {
		Map<String, Object> loadBalancer = properties(services, "AWS::ElasticLoadBalancingV2::LoadBalancer");
		String attributes = loadBalancer.get("LoadBalancerAttributes").toString();
		assertThat(attributes).contains("{Key=routing.http.drop_invalid_header_fields.enabled, Value=true}",
				"{Key=access_logs.s3.enabled, Value=true}");
		services.hasResourceProperties("AWS::S3::Bucket",
				Map.of("PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
						"IgnorePublicAcls", true, "RestrictPublicBuckets", true)));

		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of("Conditions", List
			.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/msk-producer*"))))));
		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
				Map.of("Port", 8082, "HealthCheckPath", "/msk-producer-healthCheck"));
		services.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 80, "DefaultActions", List.of(Map.of("Type", "fixed-response", "FixedResponseConfig",
						Match.objectLike(Map.of("StatusCode", "404"))))));
		// Actuator is on the management port, which no target group names.
		Object producerEnvironment = Match.arrayWith(List.of(Map.of("Name", "MANAGEMENT_PORT", "Value", "8083")));
		services.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions",
				List.of(Match.objectLike(Map.of("Name", "msk-producer", "Environment", producerEnvironment)))));
		assertThat(services.findResources("AWS::ElasticLoadBalancingV2::TargetGroup").toString())
			.doesNotContain("8083");
	}

	@Test
	void everyFlowOfTheVpcIsLogged() {
		defaults.network()
			.hasResourceProperties("AWS::EC2::FlowLog",
					Map.of("ResourceType", "VPC", "TrafficType", "ALL", "LogDestinationType", "cloud-watch-logs"));
	}

	@Test
	void theServicesStackOutputsTheFormStatusPageClusterAndLogGroups() {
		for (String output : List.of("FormUrl", "StatusUrl", "ProducerLogGroup", "ConsumerLogGroup",
				"LoadBalancerDnsName")) {
			services.hasOutput(output, Map.of());
		}
		assertThat(services.findOutputs("FormUrl", Map.of()).toString()).contains("http://", "/msk-producer");
		assertThat(services.findOutputs("StatusUrl", Map.of()).toString()).contains("/msk-producer/status");
		defaults.repositories().hasOutput("ProducerRepositoryUri", Map.of());
		defaults.repositories().hasOutput("ConsumerRepositoryUri", Map.of());
	}

	@Test
	void tasksNameTheirCpuArchitectureAndRunTheGivenImageTag() {
		services.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX")));
		Template arm = Synthesized.with(Map.of("cpuArchitecture", "arm64")).services();
		arm.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX")));

		String taskDefinitions = services.findResources("AWS::ECS::TaskDefinition").toString();
		assertThat(taskDefinitions).contains(":" + Synthesized.IMAGE_TAG).doesNotContain(":latest");
	}

	@Test
	void producerAndConsumerContainersHaveTheirPortsHealthChecksAndLogs() {
		Map<String, Object> producer = Map.of("Name", "msk-producer", "PortMappings",
				List.of(Map.of("ContainerPort", 8082, "Protocol", "tcp"),
						Map.of("ContainerPort", 8083, "Protocol", "tcp")),
				"HealthCheck", Match.objectLike(Map.of("Command",
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
				Map.of("LogGroupName", "/ecs/dev-msk-producer", "RetentionInDays", 30));
		services.hasResourceProperties("AWS::Logs::LogGroup",
				Map.of("LogGroupName", "/ecs/dev-msk-consumer", "RetentionInDays", 30));
	}

	@Test
	void byDefaultTheThresholdRuleScalesOutToEightWorkersOnLagAndInAfterFiveMinutesAtZero() {
		Template threshold = services;
		threshold.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 1, "MaxCapacity", 8, "ScalableDimension", "ecs:service:DesiredCount"));
		Map<String, Object> lagMetric = Map.of("Namespace", "AWS/Kafka", "MetricName", "SumOffsetLag", "Dimensions",
				Match.arrayWith(List.of(Map.of("Name", "Cluster Name", "Value", "dev-msk-job-queue"),
						Map.of("Name", "Consumer Group", "Value", "msk-consumer"),
						Map.of("Name", "Topic", "Value", "msk-jobs"))));
		Map<String, Object> scaleOut = new HashMap<>(lagMetric);
		scaleOut.putAll(Map.of("ComparisonOperator", "GreaterThanThreshold", "Threshold", 0, "EvaluationPeriods", 1,
				"Period", 60, "TreatMissingData", "ignore"));
		threshold.hasResourceProperties("AWS::CloudWatch::Alarm", scaleOut);
		Map<String, Object> scaleIn = new HashMap<>(lagMetric);
		scaleIn.putAll(Map.of("ComparisonOperator", "LessThanOrEqualToThreshold", "Threshold", 0, "EvaluationPeriods",
				5, "DatapointsToAlarm", 5, "Period", 60, "TreatMissingData", "notBreaching"));
		threshold.hasResourceProperties("AWS::CloudWatch::Alarm", scaleIn);
		threshold.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy",
				Map.of("PolicyType", "StepScaling", "StepScalingPolicyConfiguration",
						Match.objectLike(Map.of("AdjustmentType", "ExactCapacity", "StepAdjustments",
								List.of(Map.of("MetricIntervalLowerBound", 0, "ScalingAdjustment", 8))))));
	}

	@Test
	void theThresholdRuleCountsWorkersSoFourWorkersATaskNeedAQuarterOfTheTasks() {
		Template fours = Synthesized
			.with(Map.of("scalingPolicy", "threshold", "workersPerTask", "4", "maxWorkers", "8"))
			.services();

		fours.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget",
				Map.of("MinCapacity", 1, "MaxCapacity", 2));
		fours.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy",
				Map.of("StepScalingPolicyConfiguration", Match.objectLike(Map.of("StepAdjustments",
						List.of(Map.of("MetricIntervalLowerBound", 0, "ScalingAdjustment", 2))))));
		fours.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of("Name", "msk-consumer", "Environment",
						Match.arrayWith(List.of(Map.of("Name", "WORKERS", "Value", "4"))))))));
	}

	@Test
	void producerMayWriteTheWorkTopicFamilyAndBothRolesAreScopedToTheClustersTopicsAndGroups() {
		String policies = services.findResources("AWS::IAM::Policy").toString();
		assertThat(policies).contains("kafka-cluster:WriteDataIdempotently", "kafka-cluster:CreateTopic",
				"kafka-cluster:ReadData", "kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup", ":topic/",
				"/msk-jobs-dlt", ":group/", "/msk-consumer", "kafka:GetBootstrapBrokers");
		// Handing over between modes reads the other mode's group.
		assertThat(taskRolePolicy("ConsumerTask").toString()).contains("/msk-consumer-queue");
	}

	@Test
	void consumersWriteLifecycleStepsAndReadCancellationsAndTheProducerReadsAllThreeTopicsOfTheJobView() {
		List<String> write = List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData");
		List<String> read = List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");

		assertThat(grantedTopics("ConsumerTask", write)).containsExactlyInAnyOrder("msk-jobs-dlt",
				"msk-jobs-lifecycle");
		assertThat(grantedTopics("ConsumerTask", read)).containsExactlyInAnyOrder("msk-jobs", "msk-jobs-control");
		assertThat(grantedTopics("ProducerTask", read)).containsExactlyInAnyOrder("msk-jobs-dlt", "msk-jobs",
				"msk-jobs-lifecycle", "msk-jobs-control");
	}

	@Test
	void onlyTheProducerMayRunRedrivesWithItsTransactionalIdAndTheRedriveGroups() {
		String producer = taskRolePolicy("ProducerTask").toString();
		String consumer = taskRolePolicy("ConsumerTask").toString();

		assertThat(producer).contains("kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId",
				":transactional-id/", "/msk-jobs-dlt-redrive", ":group/", "/msk-jobs-dlt-redrive-*");
		assertThat(consumer).doesNotContain("TransactionalId", "redrive");
	}

	/** The topics a task role's statements with exactly these actions name. */
	@SuppressWarnings("unchecked")
	private static Set<String> grantedTopics(String task, List<String> actions) {
		Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) taskRolePolicy(task)
			.get("Properties")).get("PolicyDocument");
		Set<String> topics = new HashSet<>();
		for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
			Object action = statement.get("Action");
			List<?> granted = (action instanceof List<?> list) ? list : List.of(action);
			if (!new HashSet<>(granted).equals(new HashSet<>(actions))) {
				continue;
			}
			Object resource = statement.get("Resource");
			for (Object arn : (resource instanceof List<?> list) ? list : List.of(resource)) {
				java.util.regex.Matcher topic = java.util.regex.Pattern.compile(":topic/.*/([^/\\]]+)\\]")
					.matcher(arn.toString());
				if (topic.find()) {
					topics.add(topic.group(1));
				}
			}
		}
		return topics;
	}

	@Test
	void anExistingClusterArnReplacesTheMskStack() {
		Synthesized existing = Synthesized.with(Map.of("existingClusterArn",
				"arn:aws:kafka:eu-west-1:123456789012:cluster/shared-cluster/0f0e-1a2b-3c4d", "producerMayCreateTopics",
				"false", "lagMetricSource", "producer"));

		assertThat(existing.app().getNode().tryFindChild("dev-kafka")).isNull();
		Template template = existing.services();
		template.hasOutput("ClusterArn", Map.of("Value", existing.settings().cluster().existingArn()));
		template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "MskJobQueue", "Dimensions",
				Match.arrayWith(List.of(Map.of("Name", "Cluster Name", "Value", "shared-cluster")))));
		assertThat(template.findResources("AWS::IAM::Policy").toString()).doesNotContain("CreateTopic");
	}

	@Test
	void twoStagesInOneAccountShareNoName() {
		Synthesized dev = Synthesized.with(Map.of("stage", "dev"));
		Synthesized prod = Synthesized.with(Map.of("stage", "prod"));

		Set<String> devNames = names(dev);
		Set<String> prodNames = names(prod);
		assertThat(devNames).contains("dev-network", "dev-msk-job-queue", "dev-msk-producer", "/ecs/dev-msk-consumer");
		assertThat(devNames).doesNotContainAnyElementsOf(prodNames);
	}

	/** Names that must be unique in an account and region, by resource type. */
	private static final Map<String, String> ACCOUNT_WIDE_NAMES = Map.ofEntries(
			Map.entry("AWS::MSK::Cluster", "ClusterName"), Map.entry("AWS::MSK::Configuration", "Name"),
			Map.entry("AWS::ECR::Repository", "RepositoryName"), Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
			Map.entry("AWS::S3::Bucket", "BucketName"), Map.entry("AWS::IAM::Role", "RoleName"),
			Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", "Name"),
			Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", "Name"),
			Map.entry("AWS::ECS::Cluster", "ClusterName"), Map.entry("AWS::ECS::TaskDefinition", "Family"),
			Map.entry("AWS::CloudWatch::Alarm", "AlarmName"), Map.entry("AWS::KMS::Alias", "AliasName"),
			Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"));

	/** Stack names, and every name a resource holds in its account and region. */
	private static Set<String> names(Synthesized synthesized) {
		Set<String> names = new HashSet<>();
		for (Object child : synthesized.app().getNode().getChildren()) {
			if (child instanceof Stack stack) {
				names.add(stack.getStackName());
				for (Map<?, ?> resource : resources(Template.fromStack(stack))) {
					String property = ACCOUNT_WIDE_NAMES.get(resource.get("Type").toString());
					Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
					if (property != null && properties != null && properties.get(property) instanceof String name) {
						names.add(name);
					}
				}
			}
		}
		return names;
	}

	/** Where every security group's ingress rule admits traffic from. */
	private static List<String> ingressSources(Template template) {
		List<Map<?, ?>> rules = new ArrayList<>();
		for (Map<?, ?> resource : resources(template)) {
			Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
			if ("AWS::EC2::SecurityGroup".equals(resource.get("Type"))
					&& properties.get("SecurityGroupIngress") instanceof List<?> ingress) {
				ingress.forEach((rule) -> rules.add((Map<?, ?>) rule));
			}
			if ("AWS::EC2::SecurityGroupIngress".equals(resource.get("Type"))) {
				rules.add(properties);
			}
		}
		return rules.stream()
			.flatMap((rule) -> Stream.of(rule.get("CidrIp"), rule.get("CidrIpv6")))
			.filter(String.class::isInstance)
			.map(String.class::cast)
			.toList();
	}

	private static List<Map<?, ?>> resources(Template template) {
		Map<?, ?> resources = (Map<?, ?>) ((Map<?, ?>) template.toJSON()).get("Resources");
		return resources.values().stream().<Map<?, ?>>map((resource) -> (Map<?, ?>) resource).toList();
	}

	private static Map<String, Object> taskRolePolicy(String task) {
		Map<String, Map<String, Object>> policies = services.findResources("AWS::IAM::Policy");
		return policies.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(task + "TaskRole"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> properties(Template template, String type) {
		Map<String, Map<String, Object>> resources = template.findResources(type);
		assertThat(resources).as(type).hasSize(1);
		return (Map<String, Object>) resources.values().iterator().next().get("Properties");
	}

	private static String serverProperties(Template template) {
		return properties(template, "AWS::MSK::Configuration").get("ServerProperties").toString();
	}

}
