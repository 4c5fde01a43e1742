package com.example.mskqueue.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTextTests {

	@Test
	void escapesLineBreaksAndControlCharactersSoThatNoValueForgesALogLine() {
		assertThat(PrintableText.of("10\n")).isEqualTo("10\\n");
		assertThat(PrintableText.of("a\r\nFAKE LINE")).isEqualTo("a\\r\\nFAKE LINE");
		assertThat(PrintableText.of("\u0000\u200B5")).isEqualTo("\\u0000\\u200B5");
	}

	@Test
	void cutsLongTextsAndSaysHowLongTheyWere() {
		assertThat(PrintableText.of("5".repeat(1000))).isEqualTo("5".repeat(40) + "... (1000 characters)");
	}

	@Test
	void keepsOtherScriptsReadable() {
		assertThat(PrintableText.of("\u0665")).isEqualTo("\u0665");
	}

}
