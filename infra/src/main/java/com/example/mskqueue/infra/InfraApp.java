package com.example.mskqueue.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} from {@code infra/} (see
 * docs/deploy.md). Stacks: network, ECR repositories, the MSK cluster (unless
 * {@code existingClusterArn} is given), and the services.
 */
public final class InfraApp {

	private InfraApp() {
	}

	public static void main(String[] args) {
		App app = new App();
		build(app, DeploymentSettings.from(app), brokerInstanceType(app));
		app.synth();
	}

	static void build(App app, DeploymentSettings settings, String brokerInstanceType) {
		StackProps props = StackProps.builder().build();
		NetworkStack network = new NetworkStack(app, "MskQueueNetwork", props);
		RepositoriesStack repositories = new RepositoriesStack(app, "MskQueueRepositories", props);
		String clusterArn;
		String clusterName;
		if (settings.existingClusterArn() != null) {
			clusterArn = settings.existingClusterArn();
			clusterName = clusterArn.split("/")[1];
		}
		else {
			MskStack msk = new MskStack(app, "MskQueueKafka", props,
					new MskStack.Props(network.vpc(), settings, brokerInstanceType));
			clusterArn = msk.clusterArn();
			clusterName = settings.clusterName();
		}
		new ServicesStack(app, "MskQueueServices", props, new ServicesStack.Props(network.vpc(), clusterArn,
				clusterName, repositories.producer(), repositories.consumer(), settings));
	}

	private static String brokerInstanceType(App app) {
		Object type = app.getNode().tryGetContext("brokerInstanceType");
		return (type != null) ? type.toString() : "kafka.m7g.large";
	}

}
