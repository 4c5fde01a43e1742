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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the system tests start a service's jar: as the image starts it (see
 * docker/Dockerfile). On Java 25 or later the jar is extracted once and started with an
 * ahead-of-time cache recorded by one training run, which cuts each JVM's start-up; on
 * older JVMs it is started as a plain {@code java -jar}. The extracted copy and its cache
 * are made again whenever the jar changes, once for all test JVMs (a file lock).
 *
 * @param jar the service's Spring Boot jar
 */
public record ServiceJar(Path jar) {

	private static final Logger log = LoggerFactory.getLogger(ServiceJar.class);

	/** The options every service JVM of the tests runs with (the cache records them). */
	public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private static final int AOT_CACHE_JAVA_VERSION = 25;

	/**
	 * One monitor per extracted folder: a file lock guards it from other JVMs, but two
	 * threads of one JVM locking the same file fail instead of waiting.
	 */
	private static final ConcurrentMap<Path, Object> IN_THIS_JVM = new ConcurrentHashMap<>();

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
		if (!hasAotCache()) {
			command.addAll(List.of("-jar", this.jar.toString()));
			return command;
		}
		Path extracted = extracted(jvmOptions);
		command.add("-XX:AOTCache=" + extracted.resolve("app.aot"));
		command.addAll(List.of("-jar", extracted.resolve(this.jar.getFileName()).toString()));
		return command;
	}

	/**
	 * Extract the jar and record its AOT cache now if that is not done yet, so that a
	 * later {@link #command()} finds them ready.
	 */
	public void prepare() {
		if (hasAotCache()) {
			extracted(JVM_OPTIONS);
		}
	}

	private static boolean hasAotCache() {
		return Runtime.version().feature() >= AOT_CACHE_JAVA_VERSION;
	}

	private Path extracted(List<String> jvmOptions) {
		Path dir = this.jar.resolveSibling("aot-" + this.jar.getFileName().toString().replace(".jar", "")
				+ (jvmOptions.equals(JVM_OPTIONS) ? "" : "-" + Integer.toHexString(jvmOptions.hashCode())));
		synchronized (IN_THIS_JVM.computeIfAbsent(dir, (key) -> new Object())) {
			return extractedOnce(dir, jvmOptions);
		}
	}

	private Path extractedOnce(Path dir, List<String> jvmOptions) {
		try {
			Files.createDirectories(dir);
			try (FileChannel lockFile = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
				FileLock lock = lock(lockFile);
				try {
					Path stamp = dir.resolve("source.stamp");
					String source = this.jar + " " + Files.size(this.jar) + " " + Files.getLastModifiedTime(this.jar);
					if (!Files.exists(stamp) || !Files.readString(stamp).equals(source)) {
						extractAndTrain(dir, jvmOptions);
						Files.writeString(stamp, source);
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
	 * Waits for the lock by asking again, not by a blocking lock: Linux reports a
	 * blocking wait as a deadlock ("Resource deadlock avoided") when this JVM holds one
	 * jar's lock in one thread and waits for the other's in another while a second test
	 * JVM does the opposite, since the kernel counts locks per process, not per thread.
	 */
	private static FileLock lock(FileChannel lockFile) throws IOException {
		FileLock lock = lockFile.tryLock();
		while (lock == null) {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while waiting for " + lockFile, ex);
			}
			lock = lockFile.tryLock();
		}
		return lock;
	}

	/** As docker/Dockerfile does: extract, then a training run that records the cache. */
	private void extractAndTrain(Path dir, List<String> jvmOptions) throws IOException {
		long start = System.nanoTime();
		run(dir, List.of("-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--force", "--destination",
				dir.toString()));
		List<String> training = new ArrayList<>(jvmOptions);
		training.addAll(List.of("-XX:AOTCacheOutput=" + dir.resolve("app.aot"), "-Dspring.context.exit=onRefresh",
				"-Dspring.profiles.active=local", "-Dspring.kafka.bootstrap-servers=localhost:1",
				"-Dspring.kafka.admin.properties.default.api.timeout.ms=2000",
				"-Dspring.kafka.admin.properties.request.timeout.ms=1000", "-jar",
				dir.resolve(this.jar.getFileName()).toString()));
		run(dir, training);
		log.info("AOT cache for {} recorded in {} ms", this.jar.getFileName(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	private static void run(Path dir, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("training.log").toFile());
		builder.environment().putAll(Map.of("SERVER_PORT", "0"));
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
	}

}
