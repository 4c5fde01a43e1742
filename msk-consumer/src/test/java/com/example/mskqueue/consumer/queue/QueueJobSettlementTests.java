package com.example.mskqueue.consumer.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.example.mskqueue.consumer.CompletedJobs;
import com.example.mskqueue.consumer.KafkaTestClients;
import com.example.mskqueue.consumer.work.JobRecord;
import com.example.mskqueue.consumer.work.JobWork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How queue mode settles each job, on a real KRaft broker whose share group counts the deliveries:
 * transient failures are released and tried again until the last delivery, which is
 * dead-lettered with its count; a job delivered for the last time is dead-lettered untried; a job
 * longer than its record lock keeps the lock and is done once; a poison job is kept, not released,
 * while its dead letter cannot be written. The job's work is scripted per key;
 * everything between the broker and the work is the application's.
 */
@SpringBootTest(properties = { "jobs.mode=queue", "jobs.topic=queued", "jobs.work-unit=700ms",
		"jobs.queue.share-group=queued-test", "jobs.queue.record-lock-duration=6s" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerProperties = { "share.coordinator.state.topic.replication.factor=1",
				"share.coordinator.state.topic.min.isr=1", "group.share.min.record.lock.duration.ms=1000",
				"auto.create.topics.enable=false" })
@Import({ CompletedJobs.class, QueueJobSettlementTests.Scripted.class })
@ExtendWith(OutputCaptureExtension.class)
class QueueJobSettlementTests {

	@Autowired
	EmbeddedKafkaBroker broker;

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
		assertThat(header(deadLetter, QueueDeadLetters.DELIVERY_COUNT_HEADER)).isEqualTo("4");
		assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("downstream unavailable");
		assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo("queued-test");
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
	void aJobDeliveredForTheLastTimeIsDeadLetteredWithoutBeingTried() throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer("queue-jobs");
		container.stop();
		try {
			send("abandoned", "1");
			// Another member of the group takes the job four times and each time lets it go, as
			// consumers that die mid-job do.
			try (KafkaShareConsumer<String, byte[]> other = otherMember()) {
				other.subscribe(List.of("queued"));
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
		assertThat(header(deadLetter("abandoned"), QueueDeadLetters.DELIVERY_COUNT_HEADER)).isEqualTo("5");
		assertThat(header(deadLetter("abandoned"), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("delivered 5 times");
		assertThat(this.work.attempts("abandoned")).isZero();
	}

	@Test
	void aJobLongerThanItsRecordLockRenewsTheLockAndIsDoneOnce(CapturedOutput output) throws Exception {
		// 10 units of 700 ms: 7 s of work under a 6 s lock, renewed every 3 s.
		send("longer-than-its-lock", "10");

		await().atMost(Duration.ofSeconds(60)).until(() -> this.completed.keys().contains("longer-than-its-lock"));
		assertThat(output).contains("Job key=longer-than-its-lock partition=0 offset=")
			.contains("still running after 3000 ms: record lock renewed")
			.doesNotContain("Lost the record lock")
			.doesNotContain("The broker refused acknowledgements");
		assertThat(this.work.attempts("longer-than-its-lock")).isEqualTo(1);
		assertThat(this.completed.keys()).containsOnlyOnce("longer-than-its-lock");
		assertThat(deadLetter("longer-than-its-lock")).isNull();
	}

	@Test
	void aPoisonJobWhoseDeadLetterCannotBeWrittenIsKeptUntilItCanNotReleased(CapturedOutput output) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.broker.getBrokersAsString()))) {
			admin.deleteTopics(List.of("queued-dlt")).all().get();
			try {
				send("poison-without-dead-letter-topic", "abc");
				await().atMost(Duration.ofSeconds(60)).until(() -> output.toString()
					.split("Could not dead-letter job key=poison-without-dead-letter-topic", -1).length > 2);
			}
			finally {
				admin.createTopics(List.of(new NewTopic("queued-dlt", 1, (short) 1))).all().get();
			}
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("poison-without-dead-letter-topic") != null);
		assertThat(header(deadLetter("poison-without-dead-letter-topic"), QueueDeadLetters.DELIVERY_COUNT_HEADER))
			.as("kept on its first delivery, never released").isEqualTo("1");
		assertThat(deadLetter("poison-without-dead-letter-topic").value()).isEqualTo(bytes("abc"));
	}

	private void send(String key, String value) throws Exception {
		KafkaTestClients.send(this.broker.getBrokersAsString(), "queued", 0, List.of(Map.entry(key, bytes(value))));
	}

	private ConsumerRecord<String, byte[]> deadLetter(String key) {
		return KafkaTestClients.records(this.broker.getBrokersAsString(), "queued-dlt")
			.stream()
			.filter((record) -> key.equals(record.key()))
			.findFirst()
			.orElse(null);
	}

	private KafkaShareConsumer<String, byte[]> otherMember() {
		return new KafkaShareConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, "queued-test", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit", ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG,
				"record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
	}

	private static ConsumerRecord<String, byte[]> pollOne(KafkaShareConsumer<String, byte[]> consumer) {
		for (int i = 0; i < 60; i++) {
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
				return record;
			}
		}
		throw new AssertionError("no record delivered within 30 s");
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Scripted {

		@Bean
		@Primary
		ScriptedWork scriptedWork() {
			return new ScriptedWork(Duration.ofMillis(700));
		}

	}

	/**
	 * The work of a job, scripted by its key: "always-fails" throws on every try, "fails-twice"
	 * on its first two, anything else waits its value in work units. Counts every try.
	 */
	static class ScriptedWork implements JobWork {

		private final Duration unit;

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		ScriptedWork(Duration unit) {
			this.unit = unit;
		}

		int attempts(String key) {
			AtomicInteger count = this.attempts.get(key);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public void perform(JobRecord job, int seconds) throws InterruptedException {
			int attempt = this.attempts.computeIfAbsent(job.key(), (key) -> new AtomicInteger()).incrementAndGet();
			if ("always-fails".equals(job.key()) || ("fails-twice".equals(job.key()) && attempt <= 2)) {
				throw new IllegalStateException("downstream unavailable");
			}
			Thread.sleep(this.unit.multipliedBy(seconds).toMillis());
		}

	}

}
