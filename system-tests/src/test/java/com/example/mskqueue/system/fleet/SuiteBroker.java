package com.example.mskqueue.system.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.mskqueue.local.KafkaBroker;

import static org.awaitility.Awaitility.await;

/**
 * The one broker a system test class runs its cases against, registered as a JUnit
 * extension on a static field: started before the class's tests, with what every case
 * needs of it (a client, consumer fleets whose group is named after their topic, a wait
 * for the group's members), and stopped after them, when the suite's {@link FaultReport}
 * is printed.
 * <p>
 * The broker's data and the consumers' logs go to a temporary folder that is deleted when
 * every test passed and kept when one failed, since those logs say why (or when the
 * system property {@code system-tests.keep} is true).
 */
public final class SuiteBroker implements BeforeAllCallback, AfterAllCallback, TestWatcher {

	private static final Logger log = LoggerFactory.getLogger(SuiteBroker.class);

	private final String suite;

	private final Map<String, String> settings;

	private Path workDir;

	private KafkaBroker broker;

	private QueueProbe probe;

	private volatile boolean failed;

	/**
	 * A broker with these settings for the suite named {@code suite}, whose fault report
	 * goes to {@code target/<suite>-report.md}.
	 */
	public SuiteBroker(String suite, Map<String, String> settings) {
		this.suite = suite;
		this.settings = settings;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.workDir = Files.createTempDirectory("system-" + this.suite + "-");
		this.broker = KafkaBroker
			.start(KafkaBroker.Settings.onFreePorts(this.workDir.resolve("kafka")).with(this.settings));
		this.probe = new QueueProbe(this.broker.bootstrapServers());
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		this.failed = true;
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		try {
			FaultReport.print(this.suite);
		}
		finally {
			if (this.probe != null) {
				this.probe.close();
			}
			if (this.broker != null) {
				this.broker.close();
			}
			if (this.failed || context.getExecutionException().isPresent()) {
				log.warn("{}: a test failed; its broker data and consumer logs are kept in {}", this.suite,
						this.workDir);
			}
			else if (Boolean.getBoolean("system-tests.keep")) {
				log.info("{}: broker data and consumer logs kept in {}", this.suite, this.workDir);
			}
			else if (this.workDir != null) {
				delete(this.workDir);
			}
		}
	}

	/** Where the broker's data and the consumers' logs go. */
	public Path workDir() {
		return this.workDir;
	}

	/** The broker, to restart or kill. */
	public KafkaBroker broker() {
		return this.broker;
	}

	/** A client of the broker. */
	public QueueProbe probe() {
		return this.probe;
	}

	public String bootstrapServers() {
		return this.broker.bootstrapServers();
	}

	/** Consumers of {@code topic} in group {@code <topic>-group}. */
	public ConsumerFleet fleet(String topic, String workUnit, Map<String, String> env) {
		return new ConsumerFleet(this.workDir, bootstrapServers(), topic, topic + "-group", workUnit, env);
	}

	/** Until at least this many members of {@code <topic>-group} hold partitions. */
	public void awaitMembers(String topic, int members) {
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.probe.membersWithPartitions(topic + "-group") >= members);
	}

	private static void delete(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
