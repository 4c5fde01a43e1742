package com.example.mskqueue.consumer.queue;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRecordStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RefusedAcknowledgementsTests {

	private final RefusedAcknowledgements callback = new RefusedAcknowledgements();

	private final TopicIdPartition partition = new TopicIdPartition(Uuid.randomUuid(), 3, "jobs");

	@Test
	void everyRefusedRecordIsReportedWithItsPositionAndTheBrokersReason(CapturedOutput output) {
		this.callback.onComplete(Map.of(this.partition, Set.of(17L, 18L)),
				new InvalidRecordStateException("The record state is invalid"));

		String why = ": org.apache.kafka.common.errors.InvalidRecordStateException: The record state is invalid.";
		assertThat(output).contains(RefusedAcknowledgements.REFUSED + " of topic=jobs partition=3 offset=17" + why)
			.contains(RefusedAcknowledgements.REFUSED + " of topic=jobs partition=3 offset=18" + why);
	}

	@Test
	void acknowledgementsTheBrokerKeptAreNotReported(CapturedOutput output) {
		this.callback.onComplete(Map.of(this.partition, Set.of(17L)), null);

		assertThat(output).doesNotContain(RefusedAcknowledgements.REFUSED);
	}

}
