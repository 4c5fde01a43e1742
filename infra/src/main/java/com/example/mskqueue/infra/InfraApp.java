package com.example.mskqueue.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} from {@code infra/} (see
 * docs/deploy.md). Stacks, each named after the stage ({@code dev-network}, ...): the
 * network, the ECR repositories, the MSK cluster (unless {@code existingClusterArn} is
 * given), and the services.
 */
public final class InfraApp {

	private InfraApp() {
	}

	public static void main(String[] args) {
		App app = new App();
		build(app, DeploymentSettings.from(app));
		// cdk-nag's AWS Solutions rules at every synth: an unsuppressed error stops it.
		Aspects.of(app).add(new AwsSolutionsChecks());
		app.synth();
	}

	static void build(App app, DeploymentSettings settings) {
		StackProps props = StackProps.builder()
			.env(Environment.builder().region(settings.region()).account(System.getenv("CDK_DEFAULT_ACCOUNT")).build())
			.description("msk-job-queue (" + settings.stage() + "): a slow-job work queue on MSK and ECS Fargate")
			.build();
		NetworkStack network = new NetworkStack(app, settings.named("network"), props);
		RepositoriesStack repositories = new RepositoriesStack(app, settings.named("repositories"), props, settings);
		String clusterArn = settings.cluster().existingArn();
		if (settings.cluster().created()) {
			clusterArn = new MskStack(app, settings.named("kafka"), props, network.vpc(), settings).clusterArn();
		}
		new ServicesStack(app, settings.named("services"), props, network.vpc(), clusterArn, repositories, settings);
	}

}
