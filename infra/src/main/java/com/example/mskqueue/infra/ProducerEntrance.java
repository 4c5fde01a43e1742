package com.example.mskqueue.infra;

import java.util.List;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.AuthenticateOidcOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.actions.AuthenticateCognitoAction;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

import com.example.mskqueue.infra.WebAccess.SignIn;

/**
 * The internet-facing ALB in front of the producer: it accepts connections only from
 * {@code allowedCidrs}, serves HTTPS when given a certificate (HTTP then only redirects),
 * can require a sign-in, drops malformed headers, logs every request to S3, and forwards
 * only {@code /msk-producer*} to the producer's web port: Actuator listens on another
 * port, which the ALB never reaches.
 */
final class ProducerEntrance extends Construct {

	static final String PRODUCER_PATH_PATTERN = "/msk-producer*";

	static final String FORM_PATH = "/msk-producer";

	static final String STATUS_PATH = "/msk-producer/status";

	static final String HEALTH_CHECK_PATH = "/msk-producer-healthCheck";

	/** Access logs are kept this long. */
	static final int ACCESS_LOG_DAYS = 90;

	private final ApplicationLoadBalancer loadBalancer;

	ProducerEntrance(Construct scope, String id, IVpc vpc, FargateService producer, int producerPort, WebAccess web) {
		super(scope, id);
		SecurityGroup entrance = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(vpc)
			.description("ALB of the producer: only from the allowed addresses")
			.allowAllOutbound(false)
			.build();
		List<Integer> ports = web.https() ? List.of(80, 443) : List.of(80);
		for (String cidr : web.allowedCidrs()) {
			IPeer peer = cidr.contains(":") ? Peer.ipv6(cidr) : Peer.ipv4(cidr);
			for (int port : ports) {
				entrance.addIngressRule(peer, Port.tcp(port), "allowedCidrs");
			}
		}
		if (web.allowedCidrs().isEmpty()) {
			Annotations.of(this)
				.addWarningV2("msk-job-queue:no-allowed-cidrs", "allowedCidrs is empty: nobody can reach the form. "
						+ "Deploy with -c allowedCidrs=<your address>/32 (see docs/deploy.md)");
		}

		Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
			.encryption(BucketEncryption.S3_MANAGED)
			.blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
			.enforceSsl(true)
			.lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(ACCESS_LOG_DAYS)).build()))
			// Audit records: kept after cdk destroy (a new deploy gets a new bucket).
			.removalPolicy(RemovalPolicy.RETAIN)
			.build();
		NagReasons.accept(accessLogs, "AwsSolutions-S1",
				"This bucket receives the ALB's access logs: logging reads of the log bucket would need another "
						+ "bucket. Public access is blocked, TLS is enforced, and logs expire after " + ACCESS_LOG_DAYS
						+ " days");
		this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
			.vpc(vpc)
			.internetFacing(true)
			.securityGroup(entrance)
			.dropInvalidHeaderFields(true)
			.build();
		this.loadBalancer.logAccessLogs(accessLogs, "alb");

		ApplicationTargetGroup producers = ApplicationTargetGroup.Builder.create(this, "Producers")
			.vpc(vpc)
			.port(producerPort)
			.protocol(ApplicationProtocol.HTTP)
			.targets(List.of(producer.loadBalancerTarget(LoadBalancerTargetOptions.builder()
				.containerName(RepositoriesStack.PRODUCER)
				.containerPort(producerPort)
				.build())))
			.healthCheck(HealthCheck.builder()
				.path(HEALTH_CHECK_PATH)
				.healthyHttpCodes("200")
				.interval(Duration.seconds(15))
				.build())
			.deregistrationDelay(Duration.seconds(30))
			.build();

		ApplicationListener http = this.loadBalancer.addListener("Http",
				BaseApplicationListenerProps.builder()
					.port(80)
					.protocol(ApplicationProtocol.HTTP)
					.open(false)
					.defaultAction(web.https()
							? ListenerAction.redirect(
									RedirectOptions.builder().protocol("HTTPS").port("443").permanent(true).build())
							: notFound())
					.build());
		ApplicationListener forms = http;
		if (web.https()) {
			forms = this.loadBalancer.addListener("Https",
					BaseApplicationListenerProps.builder()
						.port(443)
						.protocol(ApplicationProtocol.HTTPS)
						.open(false)
						.sslPolicy(SslPolicy.RECOMMENDED_TLS)
						.certificates(List.of(ListenerCertificate.fromArn(web.certificateArn())))
						.defaultAction(notFound())
						.build());
		}
		ApplicationListenerRule.Builder.create(this, "ProducerPath")
			.listener(forms)
			.priority(10)
			.conditions(List.of(ListenerCondition.pathPatterns(List.of(PRODUCER_PATH_PATTERN))))
			.action(signedIn(web.signIn(), ListenerAction.forward(List.of(producers))))
			.build();
	}

	private ListenerAction signedIn(SignIn signIn, ListenerAction forward) {
		if (signIn instanceof SignIn.Oidc oidc) {
			return ListenerAction.authenticateOidc(AuthenticateOidcOptions.builder()
				.issuer(oidc.issuer())
				.authorizationEndpoint(oidc.authorizationEndpoint())
				.tokenEndpoint(oidc.tokenEndpoint())
				.userInfoEndpoint(oidc.userInfoEndpoint())
				.clientId(oidc.clientId())
				// A dynamic reference: CloudFormation resolves it; the template never
				// holds the secret.
				.clientSecret(SecretValue.secretsManager(oidc.clientSecretName()))
				.next(forward)
				.build());
		}
		if (signIn instanceof SignIn.Cognito cognito) {
			return AuthenticateCognitoAction.Builder.create()
				.userPool(UserPool.fromUserPoolArn(this, "UserPool", cognito.userPoolArn()))
				.userPoolClient(UserPoolClient.fromUserPoolClientId(this, "UserPoolClient", cognito.clientId()))
				.userPoolDomain(UserPoolDomain.fromDomainName(this, "UserPoolDomain", cognito.domainPrefix()))
				.next(forward)
				.build();
		}
		return forward;
	}

	private static ListenerAction notFound() {
		return ListenerAction.fixedResponse(404,
				FixedResponseOptions.builder()
					.contentType("text/plain")
					.messageBody("Not found: the form is at " + FORM_PATH)
					.build());
	}

	ApplicationLoadBalancer loadBalancer() {
		return this.loadBalancer;
	}

}
