package com.example.mskqueue.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the Kafka nodes share one AOT cache: one node records it at a time, what a clean
 * stop recorded is loaded by every later start, and a killed node's recording is thrown
 * away.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
class KafkaAotCacheTests {

	// A class path of its own, so that the test has a cache of its own.
	private final String classPath = "/nowhere/" + UUID.randomUUID() + ".jar";

	@Test
	void oneNodeRecordsAtATimeAndLaterStartsLoadWhatACleanStopRecorded() throws Exception {
		KafkaAotCache cache = KafkaAotCache.of(List.of("-Xmx512m"), this.classPath);

		KafkaAotCache.Use first = cache.use();
		KafkaAotCache.Use second = cache.use();

		assertThat(first.jvmOptions()).singleElement().asString().startsWith("-XX:AOTCacheOutput=");
		assertThat(second).as("another node records it now").isEqualTo(KafkaAotCache.Use.NONE);

		Files.writeString(first.recording(), "what the JVM wrote at exit");
		cache.finish(first, true);
		KafkaAotCache.Use later = cache.use();

		assertThat(later.jvmOptions()).singleElement().asString().startsWith("-XX:AOTCache=");
		assertThat(later.recording()).isNull();
		assertThat(first.recording()).doesNotExist();
		Path recorded = Path.of(later.jvmOptions().get(0).substring("-XX:AOTCache=".length()));
		Files.delete(recorded);
		Files.delete(recorded.resolveSibling(recorded.getFileName() + ".lock"));
	}

	@Test
	void aKilledNodesRecordingIsThrownAwayAndTheNextStartRecordsAgain() throws Exception {
		KafkaAotCache cache = KafkaAotCache.of(List.of("-Xmx512m"), this.classPath);
		KafkaAotCache.Use killed = cache.use();
		Files.writeString(killed.recording(), "half a cache");

		cache.finish(killed, false);
		KafkaAotCache.Use next = cache.use();

		assertThat(killed.recording()).doesNotExist();
		assertThat(next.jvmOptions()).singleElement().asString().startsWith("-XX:AOTCacheOutput=");
		cache.finish(next, false);
		Files.delete(next.recording()
			.resolveSibling(next.recording().getFileName().toString().replaceFirst("\\.aot\\..*", ".aot.lock")));
	}

}
