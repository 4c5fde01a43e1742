package com.example.mskqueue.consumer.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.GroupModeTest;
import com.example.mskqueue.contract.ContractCases;
import com.example.mskqueue.contract.ContractCases.Case;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job contract's table, fed straight onto the work topic of a real broker: each valid
 * value is run for its seconds; each invalid one is dead-lettered with its original bytes
 * and the rule it broke in the reason header, counted by reason, and logged at WARN; and
 * the job behind it is done.
 */
@GroupModeTest
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobContractTests {

	/** Tells this run's jobs from earlier runs' on the shared topic. */
	static final String RUN = UUID.randomUUID().toString();

	@Autowired
	CompletedJobs completed;

	@Autowired
	MeterRegistry registry;

	final Map<String, Double> deadLetteredBefore = new HashMap<>();

	String log;

	List<ConsumerRecord<String, byte[]>> deadLetters;

	@BeforeAll
	void sendTheWholeTableAndWaitForTheJobBehindIt(CapturedOutput output) throws Exception {
		roomForLargeRecords();
		for (Case value : ContractCases.invalidValues()) {
			this.deadLetteredBefore.putIfAbsent(value.rule().code(), deadLettered(value.rule().code()));
		}
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		ContractCases.all().forEach((value) -> jobs.add(new SimpleEntry<>(key(value), value.raw())));
		jobs.add(Map.entry(key("last"), "0".getBytes(StandardCharsets.UTF_8)));

		TestBroker.send(GroupModeTest.TOPIC, 0, jobs);

		await().atMost(Duration.ofSeconds(60)).until(() -> this.completed.of(key("last")) != null);
		this.deadLetters = TestBroker.records(GroupModeTest.TOPIC + "-dlt");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getAll()
				.contains("Job dead-lettered key=" + key(ContractCases.invalidValues().get(0))));
		this.log = output.getAll();
	}

	static Stream<Case> cases() {
		return ContractCases.all().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void runsOrDeadLettersEachValueAsTheContractSays(Case value) {
		String key = key(value);
		List<ConsumerRecord<String, byte[]>> deadLetters = this.deadLetters.stream()
			.filter((deadLetter) -> key.equals(deadLetter.key()))
			.toList();
		if (value.runs()) {
			assertThat(this.completed.of(key)).as("run").isNotNull();
			assertThat(this.completed.of(key).seconds()).isEqualTo(value.seconds());
			assertThat(deadLetters).isEmpty();
			return;
		}
		assertThat(this.completed.of(key)).as("not run").isNull();
		assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.value()).isEqualTo(value.raw());
			assertThat(header(deadLetter, JobHeaders.DEAD_LETTER_REASON)).isEqualTo(value.rule().code());
			assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains(value.rule().description());
			assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(GroupModeTest.TOPIC);
		});
		assertThat(this.log.lines().filter((line) -> line.contains("Job dead-lettered key=" + key + " ")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ")
				.contains("reason=" + value.rule().code())
				.contains("topic=" + GroupModeTest.TOPIC + " ")
				.contains("to " + GroupModeTest.TOPIC + "-dlt"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reasons")
	void countsTheDeadLettersOfEachReason(String reason, long count) {
		assertThat(deadLettered(reason)).isEqualTo(this.deadLetteredBefore.get(reason) + count);
	}

	static Stream<Arguments> reasons() {
		return ContractCases.invalidValues()
			.stream()
			.collect(Collectors.groupingBy((value) -> value.rule().code(), Collectors.counting()))
			.entrySet()
			.stream()
			.map((reason) -> Arguments.of(reason.getKey(), reason.getValue()));
	}

	private static String key(Case value) {
		return key(value.name());
	}

	private static String key(String name) {
		return name + "-" + RUN;
	}

	private double deadLettered(String reason) {
		Counter counter = this.registry.find("msk.jobs.dead.lettered").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** A 1 MB value needs a topic that takes records over the brokers' 1 MB default. */
	private static void roomForLargeRecords() throws Exception {
		try (var admin = TestBroker.admin()) {
			admin
				.incrementalAlterConfigs(
						Map.of(new ConfigResource(ConfigResource.Type.TOPIC, GroupModeTest.TOPIC),
								List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "2097152"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
