package com.example.mskqueue.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A JVM started as a child process: the broker, the producer or the consumer.
 */
public final class JavaProcess implements AutoCloseable {

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private final String name;

	private final Process process;

	private JavaProcess(String name, Process process) {
		this.name = name;
		this.process = process;
	}

	/**
	 * Start {@code java <jvmArgs> <args>} with extra environment variables.
	 * @param output where its standard output and error go; {@code null} to share this
	 * process's console
	 */
	public static JavaProcess start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env,
			Path output) throws IOException {
		return start(name, List.of(), jvmArgs, args, env, output);
	}

	static JavaProcess start(String name, List<String> prefix, List<String> jvmArgs, List<String> args,
			Map<String, String> env, Path output) throws IOException {
		List<String> command = new ArrayList<>(prefix);
		command.add(JAVA.toString());
		command.addAll(jvmArgs);
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		if (output != null) {
			builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
		}
		else {
			builder.inheritIO();
		}
		return new JavaProcess(name, builder.start());
	}

	/**
	 * The class path this code was loaded from, for children that run the same code (the
	 * broker). Under {@code mvn exec:java} that is the project's class loader, not
	 * Maven's own {@code java.class.path}.
	 */
	public static String currentClassPath() {
		if (JavaProcess.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
			return Arrays.stream(loader.getURLs())
				.map(JavaProcess::toPath)
				.collect(Collectors.joining(File.pathSeparator));
		}
		return System.getProperty("java.class.path");
	}

	/**
	 * The jars of {@link #currentClassPath()}, without its folders and with a launcher
	 * jar's manifest class path (Surefire's) in its place: a class path that a JDK
	 * ahead-of-time cache accepts, the same in every test JVM of a module.
	 */
	public static String currentJars() {
		return CurrentJars.CLASS_PATH;
	}

	private static String jarsOf(String entries) {
		List<String> jars = new ArrayList<>();
		for (String entry : entries.split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (!Files.isRegularFile(path)) {
				continue;
			}
			try (JarFile jar = new JarFile(path.toFile())) {
				Manifest manifest = jar.getManifest();
				String classPath = (manifest != null)
						? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) : null;
				boolean hasClasses = jar.stream().anyMatch((file) -> !file.getName().startsWith("META-INF/"));
				if (hasClasses || classPath == null) {
					jars.add(entry);
				}
				if (classPath == null) {
					continue;
				}
				for (String reference : classPath.trim().split("\\s+")) {
					Path referenced = Path.of(path.toUri().resolve(reference));
					if (Files.isRegularFile(referenced)) {
						jars.add(referenced.toString());
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the class path entry " + path, ex);
			}
		}
		return String.join(File.pathSeparator, jars);
	}

	private static String toPath(URL url) {
		try {
			return Path.of(url.toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Unexpected class path entry " + url, ex);
		}
	}

	/**
	 * Start the child in a session of its own where {@code setsid} exists (Linux), so
	 * that the terminal's Ctrl-C does not reach it and its parent decides when it stops.
	 */
	static List<String> detachedFromTerminal() {
		return Files.isExecutable(SETSID) ? List.of(SETSID.toString()) : List.of();
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Process process() {
		return this.process;
	}

	/**
	 * Ask it to stop (SIGTERM, so its shutdown hooks run), and kill it if it has not
	 * stopped within {@code seconds}.
	 * @return its exit code
	 */
	public int stop(long seconds) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		return this.process.exitValue();
	}

	/** Kill it at once (SIGKILL), as a crash or an out-of-memory kill would. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** Stops it; an interrupt while waiting is passed on to the calling thread. */
	@Override
	public void close() {
		try {
			if (this.process.isAlive()) {
				stop(30);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Read once: the class path of a JVM does not change. */
	private static final class CurrentJars {

		static final String CLASS_PATH = jarsOf(currentClassPath());

	}

}
