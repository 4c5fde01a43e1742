package com.example.mskqueue.consumer.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.WorkTopics;

/**
 * Dead letters for queue mode, which spring-kafka's DeadLetterPublishingRecoverer does
 * not cover (it needs a consumer group's consumer): the original key, value and headers
 * to {@code <topic>-dlt} (the same partition if it has one, as the dead-letter topic of a
 * queue-mode topic may have fewer), with the same {@code kafka_dlt-*} headers as group
 * mode, the contract's reason header and the delivery count. Returns only once the dead
 * letter is acknowledged, so that the job is rejected only when it is safe.
 */
public final class QueueDeadLetters {

	private final KafkaOperations<Object, Object> template;

	private final String shareGroup;

	public QueueDeadLetters(KafkaOperations<Object, Object> template, String shareGroup) {
		this.template = template;
		this.shareGroup = shareGroup;
	}

	/**
	 * Publish {@code record}'s dead letter and wait for its acknowledgement.
	 * @return the dead-letter topic
	 */
	public String publish(ConsumerRecord<String, byte[]> record, String reason, Throwable failure, Duration timeout)
			throws ExecutionException, InterruptedException, TimeoutException {
		String topic = WorkTopics.deadLetterTopicOf(record.topic());
		Integer partition = (this.template.partitionsFor(topic).size() > record.partition()) ? record.partition()
				: null;
		ProducerRecord<Object, Object> deadLetter = new ProducerRecord<>(topic, partition, record.key(),
				record.value());
		for (Header header : record.headers()) {
			deadLetter.headers().add(header);
		}
		add(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic());
		deadLetter.headers()
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
					ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
		deadLetter.headers()
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
		deadLetter.headers()
			.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
					ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
		add(deadLetter, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, record.timestampType().toString());
		add(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, this.shareGroup);
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN, failure.getClass().getName());
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, rootCause(failure).getClass().getName());
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE, String.valueOf(failure.getMessage()));
		add(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE, stackTrace(failure));
		add(deadLetter, JobHeaders.DEAD_LETTER_REASON, reason);
		add(deadLetter, JobHeaders.DELIVERY_COUNT, Short.toString(record.deliveryCount().orElse((short) 1)));
		this.template.send(deadLetter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return topic;
	}

	private static void add(ProducerRecord<Object, Object> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
