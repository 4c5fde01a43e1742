package com.example.mskqueue.system.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the system tests start a service's jar: as the image starts it (see
 * docker/Dockerfile). On Java 25 or later the jar is extracted once and started with an
 * ahead-of-time cache recorded by one training run, which cuts each JVM's start-up; on
 * older JVMs it is started as a plain {@code java -jar}. The extracted copy and its cache
 * are made again whenever the jar changes, once for all test JVMs (a file lock); the
 * services' own builds make them for the tests' options before the system tests start.
 *
 * @param jar the service's Spring Boot jar
 */
public record ServiceJar(Path jar) {

	private static final Logger log = LoggerFactory.getLogger(ServiceJar.class);

	/**
	 * The options every service JVM of the tests runs with (the cache records them; the
	 * root pom's aot-cache-for-tests profile records it with the same).
	 */
	public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private static final int AOT_CACHE_JAVA_VERSION = 25;

	/**
	 * The script that records a cache (system-tests' folder is the tests' working one).
	 */
	private static final Path TRAIN_SCRIPT = Path.of(System.getProperty("aot.train.script", "aot-train.sh"));

	public static ServiceJar producer() {
		return new ServiceJar(Path.of(System.getProperty("producer.jar")));
	}

	public static ServiceJar consumer() {
		return new ServiceJar(Path.of(System.getProperty("consumer.jar")));
	}

	/**
	 * {@code <the tests' jvm options> -jar <jar>}, with the AOT cache where the JVM has
	 * one.
	 */
	public List<String> command() {
		return command(JVM_OPTIONS);
	}

	/**
	 * {@code <jvm options> -jar <jar>}, with an AOT cache recorded with the same options
	 * where the JVM has one.
	 */
	public List<String> command(List<String> jvmOptions) {
		List<String> command = new ArrayList<>(jvmOptions);
		if (Runtime.version().feature() < AOT_CACHE_JAVA_VERSION) {
			command.addAll(List.of("-jar", this.jar.toString()));
			return command;
		}
		Path extracted = extracted(jvmOptions);
		command.add("-XX:AOTCache=" + extracted.resolve("app.aot"));
		command.addAll(List.of("-jar", extracted.resolve(this.jar.getFileName()).toString()));
		return command;
	}

	private Path extracted(List<String> jvmOptions) {
		Path dir = this.jar.resolveSibling("aot-" + this.jar.getFileName().toString().replace(".jar", "")
				+ (jvmOptions.equals(JVM_OPTIONS) ? "" : "-" + Integer.toHexString(jvmOptions.hashCode())));
		try {
			Files.createDirectories(dir);
			try (FileChannel lockFile = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
				FileLock lock = lockFile.lock();
				try {
					Path stamp = dir.resolve("source.stamp");
					if (!Files.exists(stamp) || !Files.readString(stamp).strip().equals(stamp())) {
						train(dir, jvmOptions);
					}
				}
				finally {
					lock.release();
				}
			}
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What {@code aot-train.sh} writes to {@code source.stamp}: the jar's size and time.
	 */
	private String stamp() throws IOException {
		return Files.size(this.jar) + " " + Files.getLastModifiedTime(this.jar).toMillis();
	}

	/**
	 * As docker/Dockerfile does: extract, then a training run that records the cache
	 * ({@code aot-train.sh}, which the services' builds also run for the tests' options,
	 * so that the system tests find their caches made).
	 */
	private void train(Path dir, List<String> jvmOptions) throws IOException {
		long start = System.nanoTime();
		List<String> command = new ArrayList<>(
				List.of("bash", TRAIN_SCRIPT.toString(), this.jar.toString(), dir.toString()));
		command.addAll(jvmOptions);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolveSibling(dir.getFileName() + "-train.out").toFile());
		builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		try {
			Process process = builder.start();
			if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IOException("'" + String.join(" ", command) + "' failed; see " + dir.resolve("training.log"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		log.info("AOT cache for {} recorded in {} ms", this.jar.getFileName(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

}
