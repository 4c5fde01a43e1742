package com.example.mskqueue.consumer.queue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Dead letters for queue mode, which spring-kafka's DeadLetterPublishingRecoverer does not cover:
 * the original key, value and headers to {@code <topic>-dlt} (same partition), with the same
 * {@code kafka_dlt-*} headers as group mode plus the delivery count. Returns only once the
 * dead letter is acknowledged, so that the job is rejected only when it is safe.
 */
final class QueueDeadLetters {

	/** The share group's delivery count of the dead-lettered record. */
	static final String DELIVERY_COUNT_HEADER = "kafka_dlt-delivery-count";

	private final KafkaOperations<Object, Object> template;

	QueueDeadLetters(KafkaOperations<Object, Object> template) {
		this.template = template;
	}

	void publish(ConsumerRecord<String, byte[]> record, Throwable reason)
			throws ExecutionException, InterruptedException, TimeoutException {
		ProducerRecord<Object, Object> deadLetter = new ProducerRecord<>(record.topic() + "-dlt", record.partition(),
				record.key(), record.value());
		for (Header header : record.headers()) {
			deadLetter.headers().add(header);
		}
		add(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic());
		deadLetter.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, intBytes(record.partition()));
		deadLetter.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, longBytes(record.offset()));
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN, reason.getClass().getName());
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, reason.getClass().getName());
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE, String.valueOf(reason.getMessage()));
		add(deadLetter, DELIVERY_COUNT_HEADER, Short.toString(record.deliveryCount().orElse((short) 1)));
		this.template.send(deadLetter).get(15, TimeUnit.SECONDS);
	}

	private static void add(ProducerRecord<Object, Object> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] intBytes(int value) {
		return java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
	}

	private static byte[] longBytes(long value) {
		return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
	}

}
