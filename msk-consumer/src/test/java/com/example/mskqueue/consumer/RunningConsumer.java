package com.example.mskqueue.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import com.example.mskqueue.consumer.job.JobCompleted;
import com.example.mskqueue.testing.TestBroker;

/**
 * The consumer application started and stopped inside a test, on the module's broker, for
 * tests that need it to start after something (topics that exist, jobs done by another
 * mode).
 */
public final class RunningConsumer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final List<JobCompleted> completed;

	private RunningConsumer(ConfigurableApplicationContext context, List<JobCompleted> completed) {
		this.context = context;
		this.completed = completed;
	}

	/**
	 * Start the consumer with these properties ({@code name=value}) on top of the test
	 * defaults.
	 */
	public static RunningConsumer start(String... properties) {
		List<JobCompleted> completed = new CopyOnWriteArrayList<>();
		// By name, so that a property given here replaces its test default.
		Map<String, String> all = new LinkedHashMap<>();
		Stream
			.concat(Stream.of("spring.kafka.bootstrap-servers=" + TestBroker.bootstrapServers(), "server.port=0",
					"spring.main.banner-mode=off", "jobs.work-unit=1ms"), Stream.of(properties))
			.forEach((property) -> all.put(property.substring(0, property.indexOf('=')), property));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MskConsumerApplication.class)
			.listeners((event) -> {
				if (event instanceof PayloadApplicationEvent<?> payload
						&& payload.getPayload() instanceof JobCompleted job) {
					completed.add(job);
				}
			})
			.run(all.values().stream().map((property) -> "--" + property).toArray(String[]::new));
		return new RunningConsumer(context, completed);
	}

	/** The port its web server (Actuator) listens on. */
	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
	}

	/** One of its beans, such as its meter registry. */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The jobs it has completed so far, in order. */
	public List<JobCompleted> completed() {
		return List.copyOf(this.completed);
	}

	public List<String> completedKeys() {
		return this.completed.stream().map(JobCompleted::key).toList();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
