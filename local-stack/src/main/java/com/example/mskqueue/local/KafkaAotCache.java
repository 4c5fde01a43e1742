package com.example.mskqueue.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's ahead-of-time cache (Java 25 and later) for the Kafka node JVMs: the first
 * node that stops cleanly records it, and every later start with the same JVM, options
 * and class path loads it, which halves a broker's start-up time and CPU (measured: 3.4 s
 * of CPU to 1.7 s). One cache per JVM, options and class path, in the temporary folder,
 * so that it outlives the test or launcher run that recorded it; one node records it at a
 * time.
 */
final class KafkaAotCache {

	private static final Logger log = LoggerFactory.getLogger(KafkaAotCache.class);

	private static final int FIRST_JAVA_WITH_ONE_STEP_TRAINING = 25;

	private static final Path FOLDER = Path.of(System.getProperty("java.io.tmpdir"), "msk-job-queue-kafka-aot");

	private final Path cache;

	private KafkaAotCache(Path cache) {
		this.cache = cache;
	}

	/** The cache for JVMs started with these options and this class path. */
	static KafkaAotCache of(List<String> jvmOptions, String classPath) {
		String jvm = System.getProperty("java.home") + " " + Runtime.version();
		return new KafkaAotCache(FOLDER.resolve(digest(jvm + "\n" + jvmOptions + "\n" + classPath) + ".aot"));
	}

	/**
	 * What a node's JVM adds to its options: load the cache, record it, or nothing (an
	 * older JVM, or another node recording it now).
	 */
	Use use() {
		if (Runtime.version().feature() < FIRST_JAVA_WITH_ONE_STEP_TRAINING) {
			return Use.NONE;
		}
		if (Files.isRegularFile(this.cache)) {
			return new Use(List.of("-XX:AOTCache=" + this.cache), null, null);
		}
		try {
			Files.createDirectories(FOLDER);
			FileChannel lockFile = FileChannel.open(this.cache.resolveSibling(this.cache.getFileName() + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = tryLock(lockFile);
			if (lock == null) {
				lockFile.close();
				return Use.NONE;
			}
			Path recording = this.cache.resolveSibling(this.cache.getFileName() + "." + UUID.randomUUID() + ".part");
			return new Use(List.of("-XX:AOTCacheOutput=" + recording), recording, lock);
		}
		catch (IOException ex) {
			log.debug("No AOT cache for the Kafka nodes: {}", ex.toString());
			return Use.NONE;
		}
	}

	/**
	 * After the node's JVM has exited: keep what it recorded (if it stopped cleanly) as
	 * the cache, and let another node record if it did not.
	 */
	void finish(Use use, boolean stoppedCleanly) {
		if (use.recording() == null) {
			return;
		}
		try {
			if (stoppedCleanly && Files.size(use.recording()) > 0) {
				Files.move(use.recording(), this.cache, StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
				log.debug("AOT cache for the Kafka nodes recorded in {}", this.cache);
			}
		}
		catch (IOException ex) {
			log.debug("AOT cache for the Kafka nodes not kept: {}", ex.toString());
		}
		finally {
			try {
				Files.deleteIfExists(use.recording());
				use.lock().channel().close();
			}
			catch (IOException ex) {
				log.debug("Could not clean up after recording the AOT cache: {}", ex.toString());
			}
		}
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// Another node of this JVM is recording.
			return null;
		}
	}

	private static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How one start of a node uses the cache.
	 *
	 * @param jvmOptions options to add
	 * @param recording where the JVM records the cache, or {@code null}
	 * @param lock held while it records, or {@code null}
	 */
	record Use(List<String> jvmOptions, Path recording, FileLock lock) {

		static final Use NONE = new Use(List.of(), null, null);

	}

}
