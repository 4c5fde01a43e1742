package com.example.mskqueue.consumer.work;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.mskqueue.consumer.ConsumerProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JobParserTests {

	private final JobParser parser = new JobParser(new ConsumerProperties(ConsumerProperties.Mode.GROUP, "jobs", 1, Duration.ofSeconds(1), 10, ConsumerProperties.GroupProtocol.CONSUMER, null));

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 5, 10 })
	void acceptsWholeSecondsFromZeroToTen(int seconds) {
		assertThat(this.parser.seconds(bytes(Integer.toString(seconds)))).isEqualTo(seconds);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "11", "1e9", "", " ", "1.5", "99999999999", "+" })
	void rejectsTextThatIsNotAWholeNumberOfSecondsInRange(String value) {
		assertThatExceptionOfType(InvalidJobException.class).isThrownBy(() -> this.parser.seconds(bytes(value)));
	}

	@Test
	void rejectsANullValue() {
		assertThatExceptionOfType(InvalidJobException.class).isThrownBy(() -> this.parser.seconds(null))
			.withMessageContaining("null");
	}

	@Test
	void rejectsBytesThatAreNotUtf8() {
		assertThatExceptionOfType(InvalidJobException.class)
			.isThrownBy(() -> this.parser.seconds(new byte[] { (byte) 0xC3, (byte) 0x28 }))
			.withMessageContaining("not UTF-8");
	}

	@Test
	void rejectsAHugeValueWithoutDecodingIt() {
		assertThatExceptionOfType(InvalidJobException.class)
			.isThrownBy(() -> this.parser.seconds(new byte[1024 * 1024]))
			.withMessageContaining("1048576 bytes");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
