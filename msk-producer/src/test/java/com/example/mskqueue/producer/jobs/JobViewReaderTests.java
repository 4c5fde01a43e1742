package com.example.mskqueue.producer.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.utils.KafkaTestUtils;

import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the job view starts reading a topic it has just found (a dead-letter topic that
 * its first dead letter created, say): at the retention's start, and never past a record
 * written while it looked.
 */
class JobViewReaderTests {

	@Test
	void aRecordWrittenWhileTheViewLooksAtANewTopicIsReadNotSkipped() throws Exception {
		String topic = "view-found-" + UUID.randomUUID();
		try (Admin admin = TestBroker.admin()) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		TopicPartition partition = new TopicPartition(topic, 0);

		try (KafkaConsumer<String, byte[]> view = new WrittenToWhileLooking(topic)) {
			view.assign(List.of(partition));
			JobViewReader.seekToRetentionStart(view, List.of(partition),
					Instant.now().minus(Duration.ofDays(7)).toEpochMilli());

			assertThat(view.position(partition)).as("where the view reads from").isZero();
			List<String> read = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				view.poll(Duration.ofMillis(200)).forEach((record) -> read.add(record.key()));
				return !read.isEmpty();
			});
			assertThat(read).containsExactly("written-while-looking");
		}
	}

	/**
	 * A view's consumer whose topic gets its first record from another client just after
	 * the consumer has asked for its offsets by time.
	 */
	private static final class WrittenToWhileLooking extends KafkaConsumer<String, byte[]> {

		private final String topic;

		WrittenToWhileLooking(String topic) {
			super(config());
			this.topic = topic;
		}

		private static Map<String, Object> config() {
			Map<String, Object> config = KafkaTestUtils.consumerProps(TestBroker.bootstrapServers(), "job-view-tests",
					false);
			config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
			config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
			return config;
		}

		@Override
		public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times) {
			Map<TopicPartition, OffsetAndTimestamp> answer = super.offsetsForTimes(times);
			try {
				TestBroker.send(this.topic, 0,
						List.of(Map.entry("written-while-looking", "1".getBytes(StandardCharsets.UTF_8))));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return answer;
		}

	}

}
