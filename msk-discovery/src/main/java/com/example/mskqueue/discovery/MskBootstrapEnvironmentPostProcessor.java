package com.example.mskqueue.discovery;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * When {@code msk.cluster-arn} ({@code MSK_CLUSTER_ARN}) is set and no bootstrap servers
 * are given explicitly ({@code KAFKA_BOOTSTRAP_SERVERS}), sets
 * {@code spring.kafka.bootstrap-servers} to the cluster's IAM bootstrap brokers before
 * the application starts. A cluster that cannot answer stops the start with one clear
 * message (see {@link MskClusterUnavailableFailureAnalyzer}).
 */
public class MskBootstrapEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String CLUSTER_ARN = "msk.cluster-arn";

	static final String ENDPOINT_OVERRIDE = "msk.endpoint-override";

	static final String EXPLICIT_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String clusterArn = environment.getProperty(CLUSTER_ARN, environment.getProperty("MSK_CLUSTER_ARN"));
		if (!StringUtils.hasText(clusterArn) || StringUtils.hasText(environment.getProperty(EXPLICIT_BOOTSTRAP))) {
			return;
		}
		String endpoint = environment.getProperty(ENDPOINT_OVERRIDE);
		String bootstrap = new MskBootstrapBrokers(StringUtils.hasText(endpoint) ? URI.create(endpoint) : null)
			.forCluster(clusterArn);
		environment.getPropertySources()
			.addFirst(
					new MapPropertySource("mskBootstrapBrokers", Map.of("spring.kafka.bootstrap-servers", bootstrap)));
	}

	@Override
	public int getOrder() {
		// After the configuration files are read (they may hold msk.cluster-arn).
		return Ordered.LOWEST_PRECEDENCE;
	}

}
