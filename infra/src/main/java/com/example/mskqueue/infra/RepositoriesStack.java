package com.example.mskqueue.infra;

import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.constructs.Construct;

/**
 * The ECR repositories of both images, {@code <stage>-msk-producer} and
 * {@code <stage>-msk-consumer} (the names {@code buildspec.yml} pushes to), deployed
 * before the images are pushed and before the services that run them. Tags are immutable:
 * a tag is a commit. {@code cdk destroy} empties and deletes them (every image can be
 * built again from its commit), so that a later deploy of the same stage can create them
 * again.
 */
public final class RepositoriesStack extends Stack {

	static final String PRODUCER = "msk-producer";

	static final String CONSUMER = "msk-consumer";

	private final Repository producer;

	private final Repository consumer;

	RepositoriesStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
		super(scope, id, props);
		this.producer = repository(settings, PRODUCER, "ProducerRepositoryUri");
		this.consumer = repository(settings, CONSUMER, "ConsumerRepositoryUri");
	}

	private Repository repository(DeploymentSettings settings, String service, String outputId) {
		Repository repository = Repository.Builder.create(this, service)
			.repositoryName(settings.named(service))
			.imageScanOnPush(true)
			.imageTagMutability(TagMutability.IMMUTABLE)
			.lifecycleRules(
					List.of(LifecycleRule.builder().description("Keep the last 30 images").maxImageCount(30).build()))
			.removalPolicy(RemovalPolicy.DESTROY)
			.emptyOnDelete(true)
			.build();
		CfnOutput.Builder.create(this, outputId)
			.description("Where buildspec.yml pushes the " + service + " image")
			.value(repository.getRepositoryUri())
			.build();
		return repository;
	}

	public IRepository producer() {
		return this.producer;
	}

	public IRepository consumer() {
		return this.consumer;
	}

}
