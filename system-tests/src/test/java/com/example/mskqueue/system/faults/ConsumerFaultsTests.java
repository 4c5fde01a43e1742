package com.example.mskqueue.system.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.mskqueue.system.fleet.ConsumerFleet;
import com.example.mskqueue.system.fleet.FaultReport;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.SuiteBroker;
import com.example.mskqueue.system.fleet.TestBrokerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumers killed, stopped and frozen mid-work, and fed poison: real broker, real jars,
 * separate JVMs. Each case counts {@code lost = acknowledged keys - processed keys} and
 * {@code duplicates = processed rows - distinct keys} from the consumers' job events, and
 * prints them (scaling storms: {@code churn.ScaleStormTests}; the broker's faults:
 * {@link BrokerFaultsTests}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerFaultsTests {

	// Its folder (broker data, consumer logs) is kept when a test fails.
	@RegisterExtension
	static final SuiteBroker kafka = new SuiteBroker("consumer-faults", TestBrokerSettings.FAST_GROUP_TIMEOUTS);

	@Test
	@Order(1)
	void sigkillOfOneOfThreeConsumersDuringABacklogLosesNothing() throws Exception {
		String topic = "kill-backlog";
		kafka.probe().createTopic(topic, 6, Map.of());
		try (ConsumerFleet fleet = kafka.fleet(topic, "12ms", Map.of())) {
			List<ConsumerFleet.Member> members = List.of(fleet.start(), fleet.start(), fleet.start());
			kafka.awaitMembers(topic, 3);
			List<String> acknowledged = kafka.probe().sendJobs(topic, 400);
			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).rows().size() >= 100);

			members.get(0).kill();

			await().atMost(Duration.ofSeconds(120))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("1. SIGKILL 1 of 3 consumers, 400-job backlog", acknowledged.size(), ledger.rows().size(),
					ledger.lost(acknowledged).size(), ledger.duplicates(), null,
					"jobs per process " + ledger.jobsPerProcess());
			assertThat(ledger.lost(acknowledged)).isEmpty();
			assertThat(ledger.duplicates()).as("duplicates: at most the one job in flight at the kill")
				.isLessThanOrEqualTo(1);
		}
	}

	@Test
	@Order(2)
	void sigtermMidJobFinishesAndCommitsTheJobInHandWithinTheStopBudget() throws Exception {
		try (LongJob started = tenSecondJobStarted("term-midjob")) {
			ConsumerFleet fleet = started.fleet();
			ConsumerFleet.Member first = started.member();
			List<String> acknowledged = started.acknowledged();

			Duration shutdown = first.terminate();

			assertThat(JobLedger.read(fleet.logs()).keys()).containsExactly("ten-second-job");
			assertThat(kafka.probe().lag("term-midjob-group", "term-midjob")).as("only the next job is left")
				.isEqualTo(1);
			fleet.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> JobLedger.read(fleet.logs()).keys().containsAll(acknowledged));
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("2. SIGTERM mid-job (10 s job, WORK_UNIT=1s)", acknowledged.size(), ledger.rows().size(),
					ledger.lost(acknowledged).size(), ledger.duplicates(), shutdown,
					"exit code " + first.process().process().exitValue());
			assertThat(ledger.duplicates()).isZero();
			assertThat(shutdown).as("stop budget: 10 s job + 10 s").isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	@Order(4)
	void aConsumerFrozenBeyondItsSessionTimeoutRecoversByItselfWhenResumed() throws Exception {
		String topic = "frozen";
		kafka.probe().createTopic(topic, 4, Map.of());
		try (ConsumerFleet fleet = kafka.fleet(topic, "20ms", Map.of())) {
			ConsumerFleet.Member frozen = fleet.start();
			fleet.start();
			kafka.awaitMembers(topic, 2);
			List<String> acknowledged = kafka.probe().sendJobs(topic, 400);
			await().atMost(Duration.ofSeconds(60)).until(() -> JobLedger.read(fleet.logs()).rows().size() >= 100);

			frozen.freeze();
			// Frozen until the group has given up on it (past its 6 s session timeout).
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> kafka.probe().groupMembers("frozen-group") == 1);
			int doneBeforeResume = JobLedger.read(fleet.logs()).doneBy(frozen.name()).size();
			frozen.resume();

			await().atMost(Duration.ofSeconds(120))
				.until(() -> JobLedger.read(fleet.logs()).lost(acknowledged).isEmpty());
			JobLedger ledger = JobLedger.read(fleet.logs());
			int doneAfterResume = ledger.doneBy(frozen.name()).size() - doneBeforeResume;
			long unsettledByFrozen = JobLedger.count(List.of(frozen.log()), JobLedger.UNSETTLED);
			long unsettled = JobLedger.count(fleet.logs(), JobLedger.UNSETTLED);
			FaultReport.add("4. SIGSTOP 10 s (session timeout 6 s), then SIGCONT", acknowledged.size(),
					ledger.rows().size(), ledger.lost(acknowledged).size(), ledger.duplicates(), null,
					"jobs done by the frozen consumer after resuming: " + doneAfterResume
							+ "; jobs whose commit failed: " + unsettledByFrozen + " by the frozen consumer, "
							+ (unsettled - unsettledByFrozen) + " by the other");
			assertThat(ledger.lost(acknowledged)).isEmpty();
			// The frozen consumer redoes at most its job in hand, never the records it
			// had fetched. The other member's commit can meet the rebalance that takes
			// the frozen member's partitions (a stale member epoch): that job is logged
			// as unsettled and done again by the partition's next owner.
			assertThat(unsettledByFrozen).as("jobs the frozen consumer did but could not commit")
				.isLessThanOrEqualTo(1);
			assertThat(ledger.duplicates()).as("only jobs whose commit failed, each logged")
				.isLessThanOrEqualTo((int) unsettled);
			assertThat(doneAfterResume).as("the resumed consumer works again").isPositive();
			assertThat(frozen.process().isAlive()).isTrue();
		}
	}

	/**
	 * Fenced mid-job, the member rejoins and gets its partition back from the offset
	 * committed before the job; the job then ends and is committed, and was fetched and
	 * done again from that older position (seen in CI under a slow hour's late
	 * heartbeats).
	 */
	@Test
	@Order(5)
	void aLoneConsumerFrozenMidJobPastItsSessionTimeoutDoesThatJobOnceAndMovesOn() throws Exception {
		try (LongJob started = tenSecondJobStarted("frozen-alone")) {
			started.member().freeze();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> kafka.probe().groupMembers("frozen-alone-group") == 0);
			started.member().resume();

			// The next job is done only after the long one, and after its second run if
			// there is one.
			List<Path> logs = started.fleet().logs();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> JobLedger.read(logs).lost(started.acknowledged()).isEmpty());
			JobLedger ledger = JobLedger.read(logs);
			FaultReport.add("4b. the only consumer SIGSTOPped mid-job past its session timeout, then SIGCONT",
					started.acknowledged().size(), ledger.rows().size(), ledger.lost(started.acknowledged()).size(),
					ledger.duplicates(), null,
					"jobs whose commit failed: " + JobLedger.count(logs, JobLedger.UNSETTLED));
			assertThat(ledger.duplicates()).as("the ten-second job done again").isZero();
		}
	}

	@Test
	@Order(6)
	void poisonIsDeadLetteredOnceWithItsOriginalBytesAndNeverAgainAfterARestart() throws Exception {
		String topic = "poison";
		Map<String, String> roomForOneMegabyte = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
				Integer.toString(2 * 1024 * 1024));
		kafka.probe().createTopic(topic, 2, roomForOneMegabyte);
		Map<String, byte[]> poison = new LinkedHashMap<>();
		poison.put("text", bytes("abc"));
		poison.put("negative", bytes("-1"));
		poison.put("too-large", bytes("11"));
		poison.put("exponent", bytes("1e9"));
		poison.put("empty", new byte[0]);
		poison.put("null", null);
		poison.put("not-utf8", new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF });
		poison.put("one-megabyte", new byte[1024 * 1024]);
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		List<String> good = new ArrayList<>();
		for (Map.Entry<String, byte[]> bad : poison.entrySet()) {
			for (int i = 0; i < 3; i++) {
				String key = "good-" + bad.getKey() + "-" + i;
				good.add(key);
				jobs.add(Map.entry(key, bytes(Integer.toString(ThreadLocalRandom.current().nextInt(0, 11)))));
			}
			jobs.add(bad);
		}
		try (ConsumerFleet fleet = kafka.fleet(topic, "1ms", Map.of())) {
			ConsumerFleet.Member first = fleet.start();
			kafka.awaitMembers(topic, 1);
			List<String> acknowledged = kafka.probe().send(topic, null, jobs);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> JobLedger.read(fleet.logs()).keys().containsAll(good)
						&& kafka.probe().records(topic + "-dlt").size() >= poison.size());
			await().atMost(Duration.ofSeconds(30)).until(() -> kafka.probe().lag("poison-group", topic) == 0);

			first.terminate();
			fleet.start();
			kafka.awaitMembers(topic, 1);
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> kafka.probe().records(topic + "-dlt").size() == poison.size());

			List<ConsumerRecord<String, byte[]>> deadLetters = kafka.probe().records(topic + "-dlt");
			assertThat(deadLetters).extracting(ConsumerRecord::key)
				.containsExactlyInAnyOrderElementsOf(poison.keySet());
			assertThat(deadLetters).allSatisfy((deadLetter) -> {
				assertThat(deadLetter.value()).isEqualTo(poison.get(deadLetter.key()));
				assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value())
					.asString(StandardCharsets.UTF_8)
					.isEqualTo("com.example.mskqueue.contract.InvalidValueException");
				assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-topic").value())
					.asString(StandardCharsets.UTF_8)
					.isEqualTo(topic);
			});
			JobLedger ledger = JobLedger.read(fleet.logs());
			FaultReport.add("6. poison matrix (8 kinds incl. null, non-UTF-8, 1 MB) among 24 good jobs",
					acknowledged.size(), ledger.rows().size() + deadLetters.size(), ledger.lost(good).size(),
					ledger.duplicates(), null, deadLetters.size() + " dead letters, unchanged after a restart");
			assertThat(ledger.lost(good)).isEmpty();
			assertThat(ledger.duplicates()).isZero();
		}
	}

	/**
	 * One consumer on a new one-partition topic, a ten-second job then a short one: the
	 * long one has started. Closing it closes the fleet.
	 */
	private static LongJob tenSecondJobStarted(String topic) throws Exception {
		kafka.probe().createTopic(topic, 1, Map.of());
		ConsumerFleet fleet = kafka.fleet(topic, "1s", Map.of());
		try {
			ConsumerFleet.Member member = fleet.start();
			kafka.awaitMembers(topic, 1);
			List<String> acknowledged = kafka.probe()
				.send(topic, 0, List.of(Map.entry("ten-second-job", bytes("10")), Map.entry("next-job", bytes("1"))));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> JobLedger.count(fleet.logs(), "Job started key=ten-second-job") == 1);
			return new LongJob(fleet, member, acknowledged);
		}
		catch (Exception | AssertionError ex) {
			// Not yet in the caller's try-with-resources: stop the consumer here.
			fleet.close();
			throw ex;
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private record LongJob(ConsumerFleet fleet, ConsumerFleet.Member member,
			List<String> acknowledged) implements AutoCloseable {

		@Override
		public void close() {
			this.fleet.close();
		}

	}

}
