package com.example.mskqueue.local;

import java.io.File;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka nodes' class path: the broker's jars as the build lists them, the same from
 * every JVM that has them, so that they all share one AOT cache.
 */
class KafkaNodeClassPathTests {

	private static final String LISTED = "~/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar"
			+ "|~/org/scala-lang/scala-library/2.13.17/scala-library-2.13.17.jar";

	@Test
	void theListedJarsAreTakenFromThisJvmsClassPathInTheListedOrderAndNothingElse() {
		String testJvm = classPath(
				"/home/dev/.m2/repository/org/junit/junit-jupiter-api/6.0.1/junit-jupiter-api-6.0.1.jar",
				"/home/dev/.m2/repository/org/scala-lang/scala-library/2.13.17/scala-library-2.13.17.jar",
				"/home/dev/.m2/repository/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar");
		String launcher = classPath("/ci/m2/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar",
				"/ci/m2/org/scala-lang/scala-library/2.13.17/scala-library-2.13.17.jar");

		assertThat(KafkaNodeClassPath.of(LISTED, testJvm))
			.isEqualTo(classPath("/home/dev/.m2/repository/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar",
					"/home/dev/.m2/repository/org/scala-lang/scala-library/2.13.17/scala-library-2.13.17.jar"));
		assertThat(KafkaNodeClassPath.of(LISTED, launcher)).isEqualTo(launcher);
	}

	@Test
	void aJvmWithoutOneOfTheListedJarsGivesTheNodesAllOfItsOwn() {
		String otherScala = classPath("/m2/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar",
				"/m2/org/scala-lang/scala-library/2.13.16/scala-library-2.13.16.jar",
				"/m2/org/example/tool/1/tool-1.jar");

		assertThat(KafkaNodeClassPath.of(LISTED, otherScala)).isEqualTo(otherScala);
	}

	@Test
	void thisModulesTestJvmHasEveryJarTheBuildListedAndGivesTheNodesOnlyThose() {
		List<String> nodes = List.of(KafkaNodeClassPath.current().split(File.pathSeparator));

		assertThat(nodes).anyMatch((jar) -> jar.endsWith("kafka_2.13-4.2.1.jar"))
			.noneMatch((jar) -> jar.contains("junit"))
			.hasSizeLessThan(JavaProcess.currentJars().split(File.pathSeparator).length);
	}

	private static String classPath(String... jars) {
		return String.join(File.pathSeparator, jars);
	}

}
