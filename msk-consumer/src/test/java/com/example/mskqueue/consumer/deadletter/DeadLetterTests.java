package com.example.mskqueue.consumer.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.KafkaTestClients;
import com.example.mskqueue.consumer.work.InvalidJobException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad value goes to {@code <topic>-dlt} with its original bytes and spring-kafka's
 * exception headers, its offset is committed, and the job after it is done.
 */
@SpringBootTest(properties = { "jobs.topic=poisoned", "jobs.partitions=1", "jobs.work-unit=1ms",
		"spring.kafka.consumer.group-id=poisoned-test" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(CompletedJobs.class)
class DeadLetterTests {

	static final Map<String, byte[]> POISON = poison();

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	CompletedJobs completed;

	@Test
	void deadLettersEachKindOfBadValueAndDoesTheJobAfterIt() throws Exception {
		List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
		List<String> goodKeys = new ArrayList<>();
		for (Map.Entry<String, byte[]> bad : POISON.entrySet()) {
			jobs.add(bad);
			String goodKey = "good-after-" + bad.getKey();
			goodKeys.add(goodKey);
			jobs.add(Map.entry(goodKey, "1".getBytes(StandardCharsets.UTF_8)));
		}
		KafkaTestClients.send(this.broker.getBrokersAsString(), "poisoned", 0, jobs);

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.completed.keys()).containsExactlyElementsOf(goodKeys));
		List<ConsumerRecord<String, byte[]>> deadLetters = KafkaTestClients.records(this.broker.getBrokersAsString(),
				"poisoned-dlt");
		assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactlyElementsOf(POISON.keySet());
		assertThat(deadLetters).allSatisfy((deadLetter) -> {
			assertThat(deadLetter.value()).isEqualTo(POISON.get(deadLetter.key()));
			assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
				.isEqualTo(InvalidJobException.class.getName());
			assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("poisoned");
			assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					KafkaTestClients.lag(this.broker.getBrokersAsString(), "poisoned-test", "poisoned"))
				.containsOnly(Map.entry(0, 0L)));
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Map<String, byte[]> poison() {
		Map<String, byte[]> poison = new LinkedHashMap<>();
		poison.put("text", "abc".getBytes(StandardCharsets.UTF_8));
		poison.put("negative", "-1".getBytes(StandardCharsets.UTF_8));
		poison.put("too-large", "11".getBytes(StandardCharsets.UTF_8));
		poison.put("exponent", "1e9".getBytes(StandardCharsets.UTF_8));
		poison.put("empty", new byte[0]);
		poison.put("null", null);
		poison.put("not-utf8", new byte[] { (byte) 0xC3, (byte) 0x28 });
		return poison;
	}

}
