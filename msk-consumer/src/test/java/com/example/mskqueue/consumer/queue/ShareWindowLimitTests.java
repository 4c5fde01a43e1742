package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The share-group window's size, read from the test JVM's broker (whose
 * {@code group.share.partition.max.record.locks} is 100).
 */
class ShareWindowLimitTests {

	@Test
	void aReadThatTimedOutIsTriedAgainInsteadOfKeepingTheBrokersDefault() throws Exception {
		ShareWindowLimit limit = new ShareWindowLimit();
		try (SlowOnce admin = new SlowOnce()) {
			assertThat(limit.read(admin, Duration.ofMillis(500))).as("while the brokers do not answer")
				.isEqualTo(RecordLockLimit.BROKER_DEFAULT);

			assertThat(limit.read(admin, Duration.ofSeconds(10))).as("once they answer").isEqualTo(100);
			assertThat(limit.read(admin, Duration.ofSeconds(10))).as("read once").isEqualTo(100);
			assertThat(admin.described.get()).isEqualTo(2);
		}
	}

	/**
	 * An admin client on the test broker whose first look at a configuration never ends.
	 */
	private static final class SlowOnce extends ForwardingAdmin {

		private final AtomicInteger described = new AtomicInteger();

		SlowOnce() {
			super(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()));
		}

		@Override
		public DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources,
				DescribeConfigsOptions options) {
			if (this.described.getAndIncrement() == 0) {
				Map<ConfigResource, KafkaFuture<Config>> never = new HashMap<>();
				resources.forEach((resource) -> never.put(resource, new KafkaFutureImpl<>()));
				return new DescribeConfigsResult(never) {
				};
			}
			return super.describeConfigs(resources, options);
		}

	}

}
