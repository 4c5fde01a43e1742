package com.example.mskqueue.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real KRaft broker for a whole test JVM, configured by the module's
 * {@code embedded-broker.properties}: started before the JVM's first test plan, stopped
 * when the JVM exits. Its address is in the system property
 * {@value EmbeddedKafkaBroker#SPRING_EMBEDDED_KAFKA_BROKERS}, as spring-kafka-test's
 * broker's is.
 * <p>
 * Not spring-kafka-test's global embedded broker: when a module has several test JVMs,
 * Surefire runs each class as a test plan of its own, and that broker stops after each
 * plan while Spring's cached contexts still point at it. This one outlives the plans, so
 * a module's tests run in several JVMs and still share contexts within each. A module
 * turns it on by naming it in its test resources'
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public class ForkBroker implements TestExecutionListener {

	private static final String PROPERTIES = "embedded-broker.properties";

	private static EmbeddedKafkaBroker broker;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		start();
	}

	private static synchronized void start() {
		if (broker != null) {
			return;
		}
		EmbeddedKafkaBroker started = new EmbeddedKafkaKraftBroker(1, 1).brokerProperties(brokerProperties())
			.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		started.afterPropertiesSet();
		broker = started;
		// At the JVM's exit, not at the end of a test plan or launcher session: Surefire
		// may give each class a plan and a session of its own.
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "fork-broker-stop"));
	}

	private static Map<String, String> brokerProperties() {
		try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PROPERTIES)) {
			if (in == null) {
				throw new IllegalStateException(PROPERTIES + " is not on the test class path");
			}
			Properties properties = new Properties();
			properties.load(in);
			Map<String, String> settings = new HashMap<>();
			properties.stringPropertyNames().forEach((name) -> settings.put(name, properties.getProperty(name)));
			return settings;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
