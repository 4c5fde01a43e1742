package com.example.mskqueue.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The ECS cluster, the ALB that forwards {@code /msk-producer*} to the producer, the
 * producer and consumer services, and the consumer's lag-based autoscaling.
 */
public class ServicesStack extends Stack {

	static final int PRODUCER_PORT = 8082;

	static final int CONSUMER_PORT = 8081;

	static final String PRODUCER_PATH_PATTERN = "/msk-producer*";

	static final String PRODUCER_HEALTH_CHECK_PATH = "/msk-producer-healthCheck";

	/**
	 * SIGTERM to SIGKILL. The consumer's stop budget (see ConsumerBudget in
	 * msk-consumer): the longest job (10 s) + commit and leave (5 s) fit in Spring's 20 s
	 * shutdown phase, which fits here with room for the JVM's exit.
	 */
	static final Duration CONSUMER_STOP_TIMEOUT = Duration.seconds(30);

	public ServicesStack(Construct scope, String id, StackProps stackProps, Props props) {
		super(scope, id, stackProps);
		Cluster cluster = Cluster.Builder.create(this, "Cluster")
			.vpc(props.vpc())
			.containerInsightsV2(ContainerInsights.ENABLED)
			.build();
		MskAccess access = new MskAccess(props.clusterArn(), props.settings());
		// Both services know the consumers' mode: the producer watches the matching
		// group.
		Map<String, String> kafkaEnv = Map.of("SPRING_PROFILES_ACTIVE", "msk", "MSK_CLUSTER_ARN", props.clusterArn(),
				"WORK_TOPIC", props.settings().workTopic(), "CONSUMER_MODE", props.settings().consumerMode(),
				"CONSUMER_GROUP", props.settings().consumerGroup(), "SHARE_GROUP", props.settings().shareGroup());

		FargateService producer = service(cluster, props, "Producer", RepositoriesStack.PRODUCER,
				props.producerRepository(), PRODUCER_PORT, PRODUCER_HEALTH_CHECK_PATH,
				merge(kafkaEnv,
						Map.of("MSK_CLUSTER_NAME", props.clusterName(), "LAG_METRICS_NAMESPACE",
								DeploymentSettings.PRODUCER_LAG_NAMESPACE)),
				merge(access.producer(), List.of(publishLag())), null, 1);
		FargateService consumer = service(cluster, props, "Consumer", RepositoriesStack.CONSUMER,
				props.consumerRepository(), CONSUMER_PORT, "/actuator/health",
				merge(kafkaEnv,
						Map.of("WORK_UNIT", "1s", "CONFIGURE_SHARE_GROUP",
								Boolean.toString(props.settings().configureShareGroup()))),
				access.consumer(), CONSUMER_STOP_TIMEOUT, props.settings().minConsumers());

		ApplicationLoadBalancer alb = ApplicationLoadBalancer.Builder.create(this, "Alb")
			.vpc(props.vpc())
			.internetFacing(true)
			.build();
		ApplicationListener http = alb.addListener("Http",
				software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
					.port(80)
					.protocol(ApplicationProtocol.HTTP)
					.defaultAction(ListenerAction.fixedResponse(404,
							software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions.builder()
								.contentType("text/plain")
								.messageBody("Not found: the producer is at /msk-producer")
								.build()))
					.build());
		http.addTargets("Producer",
				AddApplicationTargetsProps.builder()
					.priority(10)
					.conditions(List.of(ListenerCondition.pathPatterns(List.of(PRODUCER_PATH_PATTERN))))
					.port(PRODUCER_PORT)
					.protocol(ApplicationProtocol.HTTP)
					.targets(List.of(producer))
					.healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
						.path(PRODUCER_HEALTH_CHECK_PATH)
						.healthyHttpCodes("200")
						.interval(Duration.seconds(15))
						.build())
					.deregistrationDelay(Duration.seconds(30))
					.build());

		ConsumerScaling.apply(this, consumer, props.clusterName(), props.settings());
	}

	private FargateService service(Cluster cluster, Props props, String id, String name, IRepository repository,
			int port, String healthPath, Map<String, String> env, List<PolicyStatement> kafkaAccess,
			Duration stopTimeout, int desiredCount) {
		FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id + "Task")
			.cpu(512)
			.memoryLimitMiB(1024)
			.build();
		kafkaAccess.forEach(task::addToTaskRolePolicy);
		LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
			.logGroupName("/ecs/" + name)
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		ContainerDefinitionOptions.Builder container = ContainerDefinitionOptions.builder()
			.containerName(name)
			.image(ContainerImage.fromEcrRepository(repository, props.settings().imageTag()))
			.portMappings(List.of(PortMapping.builder().containerPort(port).build()))
			.environment(env)
			.logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(name).build()))
			.healthCheck(HealthCheck.builder()
				.command(List.of("CMD-SHELL", "curl -fsS http://localhost:" + port + healthPath + " || exit 1"))
				.interval(Duration.seconds(15))
				.timeout(Duration.seconds(5))
				.retries(3)
				.startPeriod(Duration.seconds(90))
				.build());
		if (stopTimeout != null) {
			container.stopTimeout(stopTimeout);
		}
		task.addContainer(name, container.build());
		return FargateService.Builder.create(this, id)
			.cluster(cluster)
			.taskDefinition(task)
			.desiredCount(desiredCount)
			.minHealthyPercent(100)
			.circuitBreaker(
					software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder().rollback(true).build())
			.build();
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

	private static <T> List<T> merge(List<T> a, List<T> b) {
		List<T> merged = new java.util.ArrayList<>(a);
		merged.addAll(b);
		return merged;
	}

	private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
		Map<String, String> merged = new java.util.HashMap<>(a);
		merged.putAll(b);
		return merged;
	}

	/**
	 * What the services stack needs.
	 *
	 * @param vpc the VPC
	 * @param clusterArn the MSK cluster's ARN
	 * @param clusterName its name (the {@code Cluster Name} metric dimension)
	 * @param producerRepository the producer's image repository
	 * @param consumerRepository the consumer's image repository
	 * @param settings the deployment's settings
	 */
	public record Props(IVpc vpc, String clusterArn, String clusterName, IRepository producerRepository,
			IRepository consumerRepository, DeploymentSettings settings) {
	}

}
