package com.example.mskqueue.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import com.example.mskqueue.infra.DeploymentSettings.CpuArchitectureSetting;

/**
 * The ECS cluster, the producer behind its ALB, the consumers and their lag-based
 * autoscaling.
 */
public final class ServicesStack extends Stack {

	static final int PRODUCER_PORT = 8082;

	static final int CONSUMER_PORT = 8081;

	/**
	 * The producer's Actuator (metrics, health): reachable from the VPC, never the ALB.
	 */
	static final int PRODUCER_MANAGEMENT_PORT = 8083;

	/**
	 * SIGTERM to SIGKILL. The consumer's stop budget (see StopBudget in msk-consumer):
	 * the longest job (10 s) + settle and leave (5 s) fit in Spring's 20 s shutdown
	 * phase, which fits here with room for the JVM's exit.
	 */
	static final Duration CONSUMER_STOP_TIMEOUT = Duration.seconds(30);

	/**
	 * The producer's task: 0.5 vCPU, 1 GiB. Measured peak 415 MiB RSS (32 concurrent
	 * POSTs of 5,000 jobs) is 41% of it; 512 MiB would put that peak at 81%, over the 75%
	 * the image's heap share leaves room for. Figures: docs/benchmarks.md, section 5
	 * ({@code -Dbenchmark=memory}).
	 */
	static final TaskSize PRODUCER_SIZE = new TaskSize(512, 1024);

	/**
	 * The consumer's task: 0.25 vCPU, 512 MiB, the smallest Fargate size. Measured peak
	 * 304 MiB RSS (an 8 MiB dead letter) is 59% of it; with {@code WORKERS=8}, 283 MiB
	 * (docs/benchmarks.md, sections 5 and 6).
	 */
	static final TaskSize CONSUMER_SIZE = new TaskSize(256, 512);

	ServicesStack(Construct scope, String id, StackProps stackProps, IVpc vpc, String clusterArn,
			RepositoriesStack repositories, DeploymentSettings settings) {
		super(scope, id, stackProps);
		Cluster cluster = Cluster.Builder.create(this, "Cluster")
			.vpc(vpc)
			.containerInsightsV2(ContainerInsights.ENABLED)
			.build();
		MskAccess access = new MskAccess(clusterArn, settings);
		Map<String, String> kafkaEnv = Map.of("SPRING_PROFILES_ACTIVE", "msk", "MSK_CLUSTER_ARN", clusterArn,
				"WORK_TOPIC", settings.workTopic(), "CONSUMER_MODE", settings.consumerMode().name().toLowerCase(),
				"CONSUMER_GROUP", settings.consumerGroup(), "WORK_TOPIC_PARTITIONS",
				Integer.toString(settings.scaling().workTopicPartitions()));

		Map<String, String> producerEnv = new HashMap<>(kafkaEnv);
		producerEnv.putAll(Map.of("MSK_CLUSTER_NAME", settings.cluster().name(), "LAG_METRICS_NAMESPACE",
				DeploymentSettings.PRODUCER_LAG_NAMESPACE, "MANAGEMENT_PORT",
				Integer.toString(PRODUCER_MANAGEMENT_PORT)));
		producerEnv.putAll(settings.scaling().producerEnvironment());
		List<PolicyStatement> producerAccess = new ArrayList<>(access.producer());
		producerAccess.add(publishLag());
		Service producer = service(cluster, settings, "Producer", RepositoriesStack.PRODUCER, repositories.producer(),
				PRODUCER_SIZE, List.of(PRODUCER_PORT, PRODUCER_MANAGEMENT_PORT), ProducerEntrance.HEALTH_CHECK_PATH,
				producerEnv, producerAccess, null, 1);
		producer.fargate()
			.getConnections()
			.allowFrom(Peer.ipv4(NetworkStack.VPC_CIDR), Port.tcp(PRODUCER_MANAGEMENT_PORT),
					"Actuator (metrics) from inside the VPC");

		Map<String, String> consumerEnv = new HashMap<>(kafkaEnv);
		consumerEnv.putAll(Map.of("WORK_UNIT", "1s", "WORKERS", Integer.toString(settings.scaling().workersPerTask()),
				"CONFIGURE_SHARE_GROUP", Boolean.toString(settings.configureShareGroup())));
		Service consumer = service(cluster, settings, "Consumer", RepositoriesStack.CONSUMER, repositories.consumer(),
				CONSUMER_SIZE, List.of(CONSUMER_PORT), "/actuator/health", consumerEnv, access.consumer(),
				CONSUMER_STOP_TIMEOUT, settings.scaling().minTasks());
		consumer.fargate()
			.getConnections()
			.allowFrom(Peer.ipv4(NetworkStack.VPC_CIDR), Port.tcp(CONSUMER_PORT),
					"Actuator (metrics) from inside the VPC");
		// Scale-in protection while a job runs (the consumer calls the ECS agent).
		cluster.grantTaskProtection(consumer.task().getTaskRole());
		watchConsumerService(producer.task(), cluster, consumer.fargate());
		NagReasons.acceptWildcards(consumer.task(),
				"A task protects itself from scale-in, and its ARN is known only at run time: CDK's "
						+ "grantTaskProtection limits ecs:UpdateTaskProtection to the tasks of this stage's cluster",
				"Resource::arn:.+:ecs:.+:task/<Cluster[A-Za-z0-9]+>/\\*");
		NagReasons.acceptWildcards(producer.task(),
				"Experiment topics are named by the form's users at run time: the work topic, '-' and any name "
						+ "(the producer itself refuses dead-letter topics and names outside its allow-list)",
				"Resource::arn:<AWS::Partition>:kafka:<AWS::Region>:<AWS::AccountId>:topic/.+/"
						+ settings.workTopic().replace(".", "\\.") + "-\\*");
		NagReasons.acceptWildcards(producer.task(),
				"Each dead-letter redrive keeps its position in a consumer group of its own, named after the "
						+ "redrive's id at run time: the prefix is the dead-letter topic's redrive runner",
				"Resource::arn:<AWS::Partition>:kafka:<AWS::Region>:<AWS::AccountId>:group/.+/"
						+ settings.redriveRunner().replace(".", "\\.") + "-\\*");
		NagReasons.acceptWildcards(producer.task(),
				"CloudWatch PutMetricData has no resource-level permission: a condition limits the statement "
						+ "to the " + DeploymentSettings.PRODUCER_LAG_NAMESPACE + " namespace",
				"Resource::\\*");

		ProducerEntrance entrance = new ProducerEntrance(this, "Entrance", vpc, producer.fargate(), PRODUCER_PORT,
				settings.web());
		ConsumerScaling.apply(this, consumer.fargate(), settings);
		new QueueMonitoring(this, "Monitoring", settings, cluster, consumer.fargate(), entrance.loadBalancer());

		String site = settings.web().scheme() + "://" + entrance.loadBalancer().getLoadBalancerDnsName();
		output("FormUrl", "The form (allowed addresses only)", site + ProducerEntrance.FORM_PATH);
		output("StatusUrl", "The status page", site + ProducerEntrance.STATUS_PATH);
		output("LoadBalancerDnsName", "Point your domain (the certificate's name) here",
				entrance.loadBalancer().getLoadBalancerDnsName());
		if (!settings.cluster().created()) {
			// A cluster this app creates has its ARN output by its own stack.
			output("ClusterArn", "The MSK cluster the services use", clusterArn);
		}
		output("ProducerLogGroup", "The producer's logs (JSON)", producer.logs().getLogGroupName());
		output("ConsumerLogGroup", "The consumers' logs (JSON)", consumer.logs().getLogGroupName());
	}

	private Service service(Cluster cluster, DeploymentSettings settings, String id, String name,
			IRepository repository, TaskSize size, List<Integer> ports, String healthPath, Map<String, String> env,
			List<PolicyStatement> kafkaAccess, Duration stopTimeout, int desiredCount) {
		FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id + "Task")
			.cpu(size.cpu())
			.memoryLimitMiB(size.memoryMiB())
			.runtimePlatform(RuntimePlatform.builder()
				.operatingSystemFamily(OperatingSystemFamily.LINUX)
				.cpuArchitecture((settings.cpuArchitecture() == CpuArchitectureSetting.ARM64) ? CpuArchitecture.ARM64
						: CpuArchitecture.X86_64)
				.build())
			.build();
		kafkaAccess.forEach(task::addToTaskRolePolicy);
		LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
			.logGroupName("/ecs/" + settings.named(name))
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		ContainerDefinitionOptions.Builder container = ContainerDefinitionOptions.builder()
			.containerName(name)
			.image(ContainerImage.fromEcrRepository(repository, settings.imageTag()))
			.portMappings(ports.stream().map((port) -> PortMapping.builder().containerPort(port).build()).toList())
			.environment(env)
			.logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(name).build()))
			.healthCheck(HealthCheck.builder()
				.command(List.of("CMD-SHELL", "curl -fsS http://localhost:" + ports.get(0) + healthPath + " || exit 1"))
				.interval(Duration.seconds(15))
				.timeout(Duration.seconds(5))
				.retries(3)
				.startPeriod(Duration.seconds(60))
				.build());
		if (stopTimeout != null) {
			container.stopTimeout(stopTimeout);
		}
		task.addContainer(name, container.build());
		NagReasons.accept(task, "AwsSolutions-ECS2",
				"The environment holds configuration only (topic, group, mode, cluster ARN), no secret: the tasks "
						+ "authenticate to MSK with their IAM task role");
		NagReasons.acceptWildcards(task.getExecutionRole(),
				"ECR's GetAuthorizationToken has no resource-level permission; the image pull itself is limited "
						+ "to this stage's repository",
				"Resource::\\*");
		FargateService service = FargateService.Builder.create(this, id)
			.cluster(cluster)
			.taskDefinition(task)
			.desiredCount(desiredCount)
			.minHealthyPercent(100)
			.circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
			.build();
		return new Service(service, task, logs);
	}

	/**
	 * The producer's status page shows the consumer service as ECS describes it (desired
	 * and running tasks, its events): the producer may describe that one service.
	 */
	private static void watchConsumerService(FargateTaskDefinition producer, Cluster cluster, FargateService consumer) {
		ContainerDefinition container = producer.getDefaultContainer();
		container.addEnvironment("CONSUMER_SERVICE_WATCH", "true");
		container.addEnvironment("CONSUMER_SERVICE_CLUSTER", cluster.getClusterName());
		container.addEnvironment("CONSUMER_SERVICE_NAME", consumer.getServiceName());
		producer.addToTaskRolePolicy(PolicyStatement.Builder.create()
			.actions(List.of("ecs:DescribeServices"))
			.resources(List.of(consumer.getServiceArn()))
			.build());
	}

	/**
	 * PutMetricData has no resource-level permissions: the statement is scoped to the
	 * namespace instead.
	 */
	private static PolicyStatement publishLag() {
		return PolicyStatement.Builder.create()
			.actions(List.of("cloudwatch:PutMetricData"))
			.resources(List.of("*"))
			.conditions(
					Map.of("StringEquals", Map.of("cloudwatch:namespace", DeploymentSettings.PRODUCER_LAG_NAMESPACE)))
			.build();
	}

	private void output(String id, String description, String value) {
		CfnOutput.Builder.create(this, id).description(description).value(value).build();
	}

	/** A Fargate task size: CPU units (1024 = 1 vCPU) and memory. */
	record TaskSize(int cpu, int memoryMiB) {
	}

	private record Service(FargateService fargate, FargateTaskDefinition task, LogGroup logs) {
	}

}
