package com.example.mskqueue.infra;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.constructs.Construct;

/**
 * The ECR repositories of both images, deployed before the images are pushed and before
 * the services that run them. Their names are the ones {@code buildspec.yml} pushes to.
 */
public class RepositoriesStack extends Stack {

	static final String PRODUCER = "msk-producer";

	static final String CONSUMER = "msk-consumer";

	private final Repository producer;

	private final Repository consumer;

	public RepositoriesStack(Construct scope, String id, StackProps props) {
		super(scope, id, props);
		this.producer = repository(PRODUCER);
		this.consumer = repository(CONSUMER);
	}

	private Repository repository(String name) {
		return Repository.Builder.create(this, name)
			.repositoryName(name)
			.imageScanOnPush(true)
			.imageTagMutability(TagMutability.IMMUTABLE)
			.lifecycleRules(
					List.of(LifecycleRule.builder().description("Keep the last 30 images").maxImageCount(30).build()))
			.removalPolicy(RemovalPolicy.RETAIN)
			.build();
	}

	public IRepository producer() {
		return this.producer;
	}

	public IRepository consumer() {
		return this.consumer;
	}

}
