package com.example.mskqueue.consumer.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.QueueModeTest;
import com.example.mskqueue.consumer.ScriptedWork;
import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How queue mode settles each job, on a real KRaft broker whose share group counts the
 * deliveries: transient failures are released and tried again until the last delivery,
 * which is dead-lettered with its count; a job delivered for the last time is
 * dead-lettered untried; a job longer than its record lock keeps the lock and is done
 * once; a poison job is kept, not released, while its dead letter cannot be written. The
 * job's work is scripted per key; everything between the broker and the work is the
 * application's.
 */
@QueueModeTest
@ExtendWith(OutputCaptureExtension.class)
class QueueJobSettlementTests {

	static final String DEAD_LETTER_TOPIC = QueueModeTest.TOPIC + "-dlt";

	@Autowired
	CompletedJobs completed;

	@Autowired
	ScriptedWork work;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void aJobThatKeepsFailingIsTriedUntilItsLastDeliveryAndThenDeadLetteredWithItsDeliveryCount() throws Exception {
		send("always-fails", "1");

		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("always-fails") != null);
		ConsumerRecord<String, byte[]> deadLetter = deadLetter("always-fails");
		assertThat(this.work.attempts("always-fails")).as("tries: every delivery but the broker's last").isEqualTo(4);
		assertThat(header(deadLetter, JobHeaders.DELIVERY_COUNT)).isEqualTo("4");
		assertThat(header(deadLetter, JobHeaders.DEAD_LETTER_REASON)).isEqualTo("job-failed");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("downstream unavailable");
		assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(QueueModeTest.SHARE_GROUP);
		assertThat(deadLetter.value()).isEqualTo(bytes("1"));
		assertThat(this.completed.keys()).doesNotContain("always-fails");
	}

	@Test
	void aJobThatFailsTwiceIsDoneOnItsThirdDeliveryAndNotDeadLettered() throws Exception {
		send("fails-twice", "1");

		await().atMost(Duration.ofSeconds(60)).until(() -> this.completed.keys().contains("fails-twice"));
		assertThat(this.work.attempts("fails-twice")).isEqualTo(3);
		assertThat(deadLetter("fails-twice")).isNull();
	}

	@Test
	void anInvalidValueIsDeadLetteredAtOnceNamingTheRuleItBroke(CapturedOutput output) throws Exception {
		send("leading-zero-in-queue-mode", "05");

		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("leading-zero-in-queue-mode") != null);
		ConsumerRecord<String, byte[]> deadLetter = deadLetter("leading-zero-in-queue-mode");
		assertThat(header(deadLetter, JobHeaders.DEAD_LETTER_REASON)).isEqualTo("leading-zero");
		assertThat(header(deadLetter, JobHeaders.DELIVERY_COUNT)).isEqualTo("1");
		assertThat(this.work.attempts("leading-zero-in-queue-mode")).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(output.getAll()).contains("Job dead-lettered key=leading-zero-in-queue-mode")
						.contains("reason=leading-zero"));
	}

	@Test
	void aJobDeliveredForTheLastTimeIsDeadLetteredWithoutBeingTried() throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer("queue-jobs");
		container.stop();
		try {
			send("abandoned", "1");
			// Another member of the group takes the job four times and each time lets it
			// go, as consumers that die mid-job do.
			try (KafkaShareConsumer<String, byte[]> other = otherMember()) {
				other.subscribe(List.of(QueueModeTest.TOPIC));
				for (int delivery = 1; delivery <= 4; delivery++) {
					ConsumerRecord<String, byte[]> record = pollOne(other);
					assertThat(record.key()).isEqualTo("abandoned");
					assertThat(record.deliveryCount()).contains((short) delivery);
					other.acknowledge(record, AcknowledgeType.RELEASE);
					other.commitSync();
				}
			}
		}
		finally {
			container.start();
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("abandoned") != null);
		assertThat(header(deadLetter("abandoned"), JobHeaders.DELIVERY_COUNT)).isEqualTo("5");
		assertThat(header(deadLetter("abandoned"), JobHeaders.DEAD_LETTER_REASON)).isEqualTo("delivery-limit");
		assertThat(header(deadLetter("abandoned"), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("delivered 5 times");
		assertThat(this.work.attempts("abandoned")).isZero();
	}

	@Test
	void aJobLongerThanItsRecordLockRenewsTheLockAndIsDoneOnce(CapturedOutput output) throws Exception {
		// 10 units of 700 ms: 7 s of work under a 6 s lock, renewed every 3 s.
		send("longer-than-its-lock", "10");

		await().atMost(Duration.ofSeconds(60)).until(() -> this.completed.keys().contains("longer-than-its-lock"));
		assertThat(output).contains("Job key=longer-than-its-lock partition=0 offset=")
			.contains("still running: record lock renewed (every 3000 ms)")
			.doesNotContain("Lost the record lock")
			.doesNotContain("Could not renew the record lock")
			.doesNotContain(RefusedAcknowledgements.REFUSED);
		assertThat(this.work.attempts("longer-than-its-lock")).isEqualTo(1);
		assertThat(this.completed.keys()).containsOnlyOnce("longer-than-its-lock");
		assertThat(deadLetter("longer-than-its-lock")).isNull();
	}

	@Test
	void aJobQueuedBehindAJobLongerThanItsRecordLockKeepsItsOwnLockAndIsDoneOnce(CapturedOutput output)
			throws Exception {
		// Both 7 s under a 6 s lock. The renewal of the first fetches the second while
		// the first still runs, so the second's lock starts ticking before its work does.
		send("ahead-of-a-long-job", "10");
		send("behind-a-long-job", "10");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.completed.keys().containsAll(List.of("ahead-of-a-long-job", "behind-a-long-job")));
		assertThat(this.work.attempts("ahead-of-a-long-job")).isEqualTo(1);
		assertThat(this.work.attempts("behind-a-long-job")).isEqualTo(1);
		assertThat(output).doesNotContain("Lost the record lock")
			.doesNotContain("Could not renew the record lock")
			.doesNotContain(RefusedAcknowledgements.REFUSED);
		// Done once, and not delivered again after its lock would have expired.
		await().during(Duration.ofSeconds(7))
			.atMost(Duration.ofSeconds(8))
			.until(() -> this.work.attempts("behind-a-long-job") == 1);
	}

	@Test
	void aPoisonJobWhoseDeadLetterCannotBeWrittenIsKeptUntilItCanNotReleased(CapturedOutput output) throws Exception {
		try (var admin = TestBroker.admin()) {
			admin.deleteTopics(List.of(DEAD_LETTER_TOPIC)).all().get();
			try {
				send("poison-without-dead-letter-topic", "abc");
				await().atMost(Duration.ofSeconds(60))
					.until(() -> output.toString()
						.split("Could not dead-letter job key=poison-without-dead-letter-topic", -1).length > 2);
			}
			finally {
				admin.createTopics(List.of(new NewTopic(DEAD_LETTER_TOPIC, 1, (short) 1))).all().get();
			}
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("poison-without-dead-letter-topic") != null);
		assertThat(header(deadLetter("poison-without-dead-letter-topic"), JobHeaders.DELIVERY_COUNT))
			.as("kept on its first delivery, never released")
			.isEqualTo("1");
		assertThat(deadLetter("poison-without-dead-letter-topic").value()).isEqualTo(bytes("abc"));
	}

	private static void send(String key, String value) throws Exception {
		TestBroker.send(QueueModeTest.TOPIC, 0, List.of(Map.entry(key, bytes(value))));
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String key) {
		return TestBroker.records(DEAD_LETTER_TOPIC, key).stream().findFirst().orElse(null);
	}

	private static KafkaShareConsumer<String, byte[]> otherMember() {
		return new KafkaShareConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, QueueModeTest.SHARE_GROUP, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit", ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG,
				"record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
	}

	private static ConsumerRecord<String, byte[]> pollOne(KafkaShareConsumer<String, byte[]> consumer) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
				return record;
			}
			return null;
		}, (record) -> record != null);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
