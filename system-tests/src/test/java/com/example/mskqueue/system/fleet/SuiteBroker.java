package com.example.mskqueue.system.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.mskqueue.local.KafkaBroker;

import static org.awaitility.Awaitility.await;

/**
 * The one broker a system test class runs its cases against, with what every case needs
 * of it: a client, consumer fleets whose group is named after their topic, and a wait for
 * the group's members.
 *
 * @param workDir where the broker's data and the consumers' logs go
 * @param broker the broker, to restart or kill
 * @param probe a client of the broker
 */
public record SuiteBroker(Path workDir, KafkaBroker broker, QueueProbe probe) {

	/** A broker on free ports with these settings, its data under {@code workDir}. */
	public static SuiteBroker start(Path workDir, Map<String, String> settings) throws Exception {
		KafkaBroker broker = KafkaBroker
			.start(KafkaBroker.Settings.onFreePorts(workDir.resolve("kafka")).with(settings));
		return new SuiteBroker(workDir, broker, new QueueProbe(broker.bootstrapServers()));
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

	/** Stop the broker (its data stays in the work dir). */
	public void close() {
		this.broker.close();
	}

}
