package com.example.mskqueue.consumer.queue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a record sits. A share group delivers the same record again at the same position,
 * so this is how a listener recognises a record it has seen before (a renewed job, a
 * pending dead letter).
 */
record RecordPosition(String topic, int partition, long offset) {

	static RecordPosition of(ConsumerRecord<?, ?> record) {
		return new RecordPosition(record.topic(), record.partition(), record.offset());
	}

	/** Whether {@code record} is a delivery of the record at this position. */
	boolean isOf(ConsumerRecord<?, ?> record) {
		return record.partition() == this.partition && record.offset() == this.offset
				&& record.topic().equals(this.topic);
	}

}
