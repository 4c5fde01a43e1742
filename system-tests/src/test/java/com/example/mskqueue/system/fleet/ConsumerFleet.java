package com.example.mskqueue.system.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.mskqueue.local.JavaProcess;

/**
 * Consumer JVMs started from the real consumer jar, each logging to a file of its own,
 * that a test can stop, kill, freeze and resume like ECS and the kernel would.
 */
public final class ConsumerFleet implements AutoCloseable {

	/**
	 * Queue mode with a 4 s record lock (the test brokers allow locks that short), so
	 * that a dead member's job comes back in seconds.
	 */
	public static final Map<String, String> QUEUE_MODE = Map.of("CONSUMER_MODE", "queue", "RECORD_LOCK_DURATION", "4s");

	private final Path logDir;

	private final Map<String, String> env;

	private final String topic;

	private final List<Member> members = new ArrayList<>();

	private List<String> jvmOptions = ServiceJar.JVM_OPTIONS;

	private int started;

	public ConsumerFleet(Path logDir, String bootstrapServers, String topic, String group, String workUnit,
			Map<String, String> extraEnv) {
		this.logDir = logDir;
		this.topic = topic;
		// JSON logs, as in the containers: the ledger reads the job events' fields.
		this.env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "WORK_TOPIC", topic,
				"CONSUMER_GROUP", group, "WORK_UNIT", workUnit, "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
		this.env.putAll(extraEnv);
	}

	/**
	 * Start the members with these JVM options instead of the tests' (a benchmark uses
	 * the image's).
	 */
	public ConsumerFleet withJvmOptions(List<String> options) {
		this.jvmOptions = List.copyOf(options);
		return this;
	}

	public Member start() throws IOException {
		String name = this.topic + "-consumer-" + (++this.started);
		Path log = this.logDir.resolve(name + ".log");
		JavaProcess process = JavaProcess.start(name, ServiceJar.consumer().command(this.jvmOptions),
				List.of("--server.port=0"), this.env, log);
		Member member = new Member(name, process, log);
		this.members.add(member);
		return member;
	}

	public List<Member> all() {
		return List.copyOf(this.members);
	}

	public List<Member> running() {
		return this.members.stream().filter((member) -> member.process().isAlive()).toList();
	}

	public List<Path> logs() {
		return this.members.stream().map(Member::log).toList();
	}

	/**
	 * SIGTERM to every running member at once, then wait for each (and kill it if it
	 * hangs).
	 */
	@Override
	public void close() {
		for (Member member : running()) {
			member.process().process().destroy();
		}
		for (Member member : this.members) {
			member.process().close();
		}
	}

	/** One consumer process. */
	public record Member(String name, JavaProcess process, Path log) {

		/**
		 * SIGTERM, as ECS sends it on scale-in; returns how long the process took to
		 * exit.
		 */
		public Duration terminate() throws InterruptedException {
			Instant start = Instant.now();
			this.process.process().destroy();
			if (!this.process.process().waitFor(60, TimeUnit.SECONDS)) {
				this.process.kill();
				throw new IllegalStateException(this.name + " did not exit within 60 s of SIGTERM");
			}
			return Duration.between(start, Instant.now());
		}

		public void kill() throws InterruptedException {
			this.process.kill();
		}

		public void freeze() throws IOException, InterruptedException {
			signal("STOP");
		}

		public void resume() throws IOException, InterruptedException {
			signal("CONT");
		}

		private void signal(String name) throws IOException, InterruptedException {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name + " failed");
			}
		}

	}

}
