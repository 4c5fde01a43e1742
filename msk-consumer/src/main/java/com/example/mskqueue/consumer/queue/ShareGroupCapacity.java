package com.example.mskqueue.consumer.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * A share group holds at most {@code group.share.max.size} members (a broker setting, 200
 * by default, at most 1,000). A worker beyond it is refused at its first poll, and
 * spring-kafka's container ends that worker's thread: it never holds a job, and the task
 * runs on with fewer workers than {@code WORKERS}. This says so in words an operator can
 * act on and counts the refused workers ({@code msk.queue.workers.refused}), instead of a
 * worker that silently does nothing.
 */
final class ShareGroupCapacity {

	static final String REFUSED_METRIC = "msk.queue.workers.refused";

	private static final Logger log = LoggerFactory.getLogger(ShareGroupCapacity.class);

	private final String group;

	private final int workers;

	private final AtomicInteger refused = new AtomicInteger();

	ShareGroupCapacity(String group, int workers, MeterRegistry registry) {
		this.group = group;
		this.workers = workers;
		Gauge.builder(REFUSED_METRIC, this.refused, AtomicInteger::get)
			.description("Workers of this task refused by their full share group (group.share.max.size)")
			.tag("group", group)
			.register(registry);
	}

	/** A factory whose share consumers report a full group here. */
	ShareConsumerFactory<String, byte[]> factory(Map<String, Object> config) {
		return new DefaultShareConsumerFactory<>(config) {

			@Override
			protected ShareConsumer<String, byte[]> createRawConsumer(String groupId, String clientId) {
				return watch(super.createRawConsumer(groupId, clientId));
			}

			@Override
			protected ShareConsumer<String, byte[]> createRawConsumer(String groupId, String clientId,
					Map<String, Object> overrides) {
				return watch(super.createRawConsumer(groupId, clientId, overrides));
			}

		};
	}

	@SuppressWarnings("unchecked")
	private ShareConsumer<String, byte[]> watch(ShareConsumer<String, byte[]> consumer) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			try {
				return method.invoke(consumer, arguments);
			}
			catch (InvocationTargetException ex) {
				if (ex.getCause() instanceof GroupMaxSizeReachedException full) {
					refused(full);
				}
				throw ex.getCause();
			}
		};
		return (ShareConsumer<String, byte[]>) Proxy.newProxyInstance(ShareConsumer.class.getClassLoader(),
				new Class<?>[] { ShareConsumer.class }, handler);
	}

	private void refused(GroupMaxSizeReachedException full) {
		int count = this.refused.incrementAndGet();
		log.error(
				"A worker was refused by share group {}, which is full ({}): it stops and holds no job; "
						+ "this task now runs {} of its {} workers. Raise group.share.max.size in the brokers' "
						+ "configuration or run fewer workers (WORKERS, tasks) in this group",
				this.group, full.getMessage(), Math.max(this.workers - count, 0), this.workers);
	}

}
