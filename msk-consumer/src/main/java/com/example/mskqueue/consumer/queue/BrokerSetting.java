package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * A broker setting as one of the brokers reports it (the brokers of a cluster share their
 * share-group settings). Reading it needs permission to describe the brokers'
 * configuration.
 */
final class BrokerSetting {

	private BrokerSetting() {
	}

	/** The setting's value, or empty if the broker reports none. */
	static Optional<String> read(Admin admin, String name, Duration timeout)
			throws ExecutionException, InterruptedException, TimeoutException {
		Collection<Node> brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
				Integer.toString(brokers.iterator().next().id()));
		ConfigEntry entry = admin.describeConfigs(List.of(broker))
			.all()
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.get(broker)
			.get(name);
		return Optional.ofNullable(entry).map(ConfigEntry::value);
	}

}
