package com.example.mskqueue.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class path of the Kafka node JVMs: the broker's own jars, which the build lists
 * (local-stack's runtime dependencies, {@code kafka-node.classpath}), taken from this
 * JVM's class path in the listed order. Every JVM that starts nodes (local-stack's tests,
 * the system tests, the run command) then gives them the same class path, so they all
 * load the one AOT cache the first clean stop recorded, instead of each recording its
 * own. Where a listed jar is not on this JVM's class path (another version, an IDE's
 * class path), the nodes get this JVM's jars, as they did before the list.
 */
final class KafkaNodeClassPath {

	private static final Logger log = LoggerFactory.getLogger(KafkaNodeClassPath.class);

	private static final String LISTED = "/kafka-node.classpath";

	/** What a listed jar's path starts with in place of the repository's folder. */
	private static final String REPOSITORY = "~";

	private KafkaNodeClassPath() {
	}

	/** For the nodes this JVM starts. */
	static String current() {
		return Current.CLASS_PATH;
	}

	/**
	 * The listed jars as this JVM's class path has them, or all of its jars if one is
	 * missing.
	 * @param listed the build's list: repository paths such as
	 * {@code ~/org/apache/kafka/kafka_2.13/4.2.1/kafka_2.13-4.2.1.jar}, separated by
	 * {@code |}
	 * @param currentJars this JVM's jars, separated by the platform's path separator
	 */
	static String of(String listed, String currentJars) {
		List<String> jars = Arrays.asList(currentJars.split(File.pathSeparator));
		List<String> selected = new ArrayList<>();
		for (String entry : listed.strip().split("\\|")) {
			String inRepository = entry.substring(REPOSITORY.length());
			Optional<String> jar = jars.stream()
				.filter((path) -> path.replace(File.separatorChar, '/').endsWith(inRepository))
				.findFirst();
			if (jar.isEmpty()) {
				log.debug("{} is not on this JVM's class path: the Kafka nodes get all of its jars", entry);
				return currentJars;
			}
			selected.add(jar.get());
		}
		return String.join(File.pathSeparator, selected);
	}

	private static String ofThisJvm() {
		try (InputStream list = KafkaNodeClassPath.class.getResourceAsStream(LISTED)) {
			if (list == null) {
				log.debug("No {}: the Kafka nodes get all of this JVM's jars", LISTED);
				return JavaProcess.currentJars();
			}
			return of(new String(list.readAllBytes(), StandardCharsets.UTF_8), JavaProcess.currentJars());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + LISTED, ex);
		}
	}

	/** Worked out once per JVM, on first use. */
	private static final class Current {

		static final String CLASS_PATH = ofThisJvm();

	}

}
