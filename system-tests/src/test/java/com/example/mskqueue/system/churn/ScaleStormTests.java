package com.example.mskqueue.system.churn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Autoscaling at its worst: members join and leave the group one after another while a
 * backlog drains, with each group protocol. Counted like the rest of the fault suite,
 * whose broker settings it shares (its own broker, so that it runs beside it). Among the
 * first classes the test JVMs take, with the cluster faults (longest first:
 * src/test/class-durations).
 */
class ScaleStormTests {

	/**
	 * Joins and leaves, alternating, from two members: the group moves between two and
	 * three members on each event (each join is a JVM start, so more mostly costs CI
	 * time).
	 */
	static final int EVENTS = 8;

	/**
	 * A backlog that outlasts the storm: 800 jobs of 0 to 10 units of 20 ms (fewer and
	 * longer jobs than that cost CI time without making a rebalance mid-job rarer).
	 */
	static final int JOBS = 800;

	// Its folder (broker data, consumer logs) is kept when a test fails.
	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("scale-storm", TestBrokerSettings.FAST_GROUP_TIMEOUTS);

	@ParameterizedTest(name = "group protocol {0}")
	@ValueSource(strings = { "consumer", "classic-cooperative" })
	void scaleStormOfJoinsAndLeavesLosesNothingAndRunsNoJobMoreThanTwice(String protocol) throws Exception {
		String topic = "storm-" + protocol;
		kafka.probe().createTopic(topic, 6, Map.of());
		try (ConsumerFleet fleet = kafka.fleet(topic, "20ms", Map.of("GROUP_PROTOCOL", protocol))) {
			fleet.start();
			fleet.start();
			kafka.awaitMembers(topic, 2);
			Instant start = Instant.now();
			List<String> acknowledged = kafka.probe().sendJobs(topic, JOBS);
			List<Duration> stops = new ArrayList<>();
			for (int event = 0; event < EVENTS; event++) {
				List<ConsumerFleet.Member> running = fleet.running();
				boolean join = (event % 2 == 0) ? running.size() < 4 : running.size() <= 1;
				if (join) {
					fleet.start();
				}
				else {
					stops.add(running.get(0).terminate());
				}
				// The next event only once the group has seen this one: a join is a new
				// member, a leave one member fewer.
				int members = fleet.running().size();
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> kafka.probe().groupMembers(topic + "-group") == members);
			}
			await().atMost(Duration.ofSeconds(180))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			Duration drain = Duration.between(start, Instant.now());
			JobLedger ledger = JobLedger.read(fleet.logs());
			long commitFailures = JobLedger.count(fleet.logs(), "CommitFailedException");
			Duration longestStop = stops.stream().max(Duration::compareTo).orElse(Duration.ZERO);
			FaultReport.add(
					"3. scale storm, " + EVENTS + " joins/leaves, " + JOBS + " jobs, group.protocol=" + protocol,
					acknowledged.size(), ledger.rows().size(), ledger.lost(acknowledged).size(), ledger.duplicates(),
					longestStop, "drain %.1f s, most runs of one job %d, CommitFailedException lines %d"
						.formatted(drain.toMillis() / 1000.0, ledger.maxRunsOfOneJob(), commitFailures));
			assertThat(ledger.lost(acknowledged)).isEmpty();
			assertThat(ledger.maxRunsOfOneJob()).isLessThanOrEqualTo(2);
			assertThat(commitFailures).as("no CommitFailedException loop").isLessThanOrEqualTo(EVENTS);
		}
	}

}
