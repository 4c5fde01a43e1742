package com.example.mskqueue.contract;

import java.util.List;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The work-topic rules against Kafka's own topic validation ({@code Topic.validate}), an
 * oracle this project did not write: whatever the rules accept, Kafka accepts, twin
 * included.
 */
class WorkTopicsTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 200, 245 })
	void acceptsWorkTopicsUpTo245CharactersWhoseTwinKafkaAcceptsToo(int length) {
		String name = "t".repeat(length);

		assertThat(WorkTopics.problem(name)).isEmpty();
		assertThatNoException().isThrownBy(() -> Topic.validate(name));
		assertThatNoException().isThrownBy(() -> Topic.validate(WorkTopics.deadLetterTopicOf(name)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 246, 247, 248, 249 })
	void refusesWorkTopicsWhoseTwinWouldBeTooLongForKafka(int length) {
		String name = "t".repeat(length);

		assertThatNoException().as("Kafka alone would take the work topic").isThrownBy(() -> Topic.validate(name));
		assertThat(catchThrowable(() -> Topic.validate(WorkTopics.deadLetterTopicOf(name))))
			.isInstanceOf(InvalidTopicException.class);
		assertThat(WorkTopics.problem(name)).hasValueSatisfying(
				(problem) -> assertThat(problem).startsWith("must be 1 to 245 characters").contains("'-dlt'"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "jobs/today", "ünïcode", ".", "..", "__consumer_offsets", "__mine" })
	void refusesEveryNameKafkaRefusesOrReservesForItself(String name) {
		boolean kafkaRefuses = catchThrowable(() -> Topic.validate(name)) != null;

		assertThat(kafkaRefuses || Topic.isInternal(name) || name.startsWith("__")).isTrue();
		assertThat(WorkTopics.problem(name)).isPresent();
	}

	@Test
	void aDeadLetterTopicIsNeverAWorkTopic() {
		assertThat(WorkTopics.problem("msk-jobs-dlt"))
			.hasValue("names a dead-letter topic (ends with '-dlt'): jobs sent there would never be done");
		assertThat(WorkTopics.isDeadLetterTopic("msk-jobs-dlt")).isTrue();
		assertThat(WorkTopics.isDeadLetterTopic("msk-jobs")).isFalse();
	}

	@Test
	void findsTheExistingTopicThatCollidesByDotAndUnderscoreLikeKafkaDoes() {
		assertThat(WorkTopics.collision("x_y", List.of("a", "x.y"))).hasValue("x.y");
		assertThat(WorkTopics.collision("x_y", List.of("x.y-dlt"))).as("the twin collides").hasValue("x.y-dlt");
		assertThat(WorkTopics.collision("x_y", List.of("x_y", "x_y-dlt"))).as("the same topic is no collision")
			.isEmpty();
		assertThat(Topic.hasCollision("x_y", "x.y")).as("Kafka's own rule").isTrue();
	}

	@Test
	void createsTheTwinWithTheSamePartitionsAndRoomForLargeDeadLetters() {
		var pair = WorkTopics.newPair("jobs", 3);

		assertThat(pair).extracting((topic) -> topic.name()).containsExactly("jobs", "jobs-dlt");
		assertThat(pair).allSatisfy((topic) -> assertThat(topic.numPartitions()).isEqualTo(3));
		assertThat(pair.get(1).configs()).containsEntry("max.message.bytes", "8388608");
	}

}
