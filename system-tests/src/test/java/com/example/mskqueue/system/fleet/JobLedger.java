package com.example.mskqueue.system.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every job the consumers did, read from the {@code job-done} events of their JSON logs
 * (the {@code event.action} and {@code job.*} fields, as a log query in CloudWatch would
 * read them): key, partition, offset and the process that did it. From it, lost and
 * duplicate jobs are counted against the acknowledged keys.
 */
public final class JobLedger {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Row> rows;

	private JobLedger(List<Row> rows) {
		this.rows = rows;
	}

	public static JobLedger read(Collection<Path> logs) {
		List<Row> rows = new ArrayList<>();
		for (Path log : logs) {
			String process = log.getFileName().toString().replace(".log", "");
			for (JsonNode event : events(log, "job-done")) {
				rows.add(row(event, process));
			}
		}
		return new JobLedger(rows);
	}

	/**
	 * Jobs started and not (yet) done, per process: the jobs in hand, or those a killed
	 * process had in hand.
	 */
	public static List<Row> inHand(Collection<Path> logs) {
		return inHandAt(logs, Instant.MAX);
	}

	/**
	 * Jobs in hand at a moment now past: started at or before it and not done by then,
	 * per process (a job's done event carries the time it was done).
	 */
	public static List<Row> inHandAt(Collection<Path> logs, Instant moment) {
		List<Row> inHand = new ArrayList<>();
		for (Path log : logs) {
			String process = log.getFileName().toString().replace(".log", "");
			Set<String> done = events(log, "job-done").stream()
				.map((event) -> row(event, process))
				.filter((row) -> !row.time().isAfter(moment))
				.map(Row::position)
				.collect(Collectors.toSet());
			events(log, "job-started").stream()
				.map((event) -> row(event, process))
				.filter((started) -> !started.time().isAfter(moment) && !done.contains(started.position()))
				.forEach(inHand::add);
		}
		return inHand;
	}

	/** Every job-started event, as rows (its time is when the job started). */
	public static List<Row> starts(Collection<Path> logs) {
		List<Row> starts = new ArrayList<>();
		for (Path log : logs) {
			String process = log.getFileName().toString().replace(".log", "");
			events(log, "job-started").forEach((event) -> starts.add(row(event, process)));
		}
		return starts;
	}

	private static Row row(JsonNode event, String process) {
		JsonNode job = event.path("job");
		return new Row(job.path("key").asString(), job.path("partition").asInt(), job.path("offset").asLong(),
				job.path("seconds").asInt(), job.path("attempt").asInt(0), process,
				event.path("process").path("thread").path("name").asString(""),
				Instant.parse(event.path("@timestamp").asString()));
	}

	/** The JSON log events of one process with this {@code event.action}. */
	public static List<JsonNode> events(Path log, String action) {
		return events(log, List.of(action));
	}

	/** The JSON log events of one process with any of these actions. */
	private static List<JsonNode> events(Path log, List<String> actions) {
		return LogRead.of(log).events(actions);
	}

	/**
	 * What a consumer logs when it did a job but could not commit or accept it: such a
	 * job may run again.
	 */
	public static final String UNSETTLED = "its delivery could not be settled";

	/**
	 * What a consumer logs for a record it may see done again: its settlement failed, it
	 * lost the record's lock, or the broker refused the record's acknowledgement.
	 */
	private static final List<String> MAY_RUN_AGAIN = List.of("job-settlement-failed", "job-lock-lost",
			"job-acknowledgement-refused");

	/**
	 * Jobs done more than once that no consumer announced, by its events, as possibly
	 * done again: a duplicate the consumers did not explain.
	 */
	public List<Row> unexplainedDuplicates(Collection<Path> logs) {
		Set<String> announced = new HashSet<>();
		for (Path log : logs) {
			events(log, MAY_RUN_AGAIN).forEach((event) -> announced.add(row(event, "").position()));
		}
		Map<String, List<Row>> byKey = this.rows.stream().collect(Collectors.groupingBy(Row::key));
		return byKey.values()
			.stream()
			.filter((runs) -> runs.size() > 1 && !announced.contains(runs.get(0).position()))
			.flatMap(List::stream)
			.toList();
	}

	/**
	 * The warnings and errors of the consumers' logs, and the Kafka client's word on a
	 * share session it lost, for a failed assertion's message: the CI output shows it,
	 * the logs themselves stay on the machine that ran the tests.
	 */
	public static String warnings(Collection<Path> logs, int atMost) {
		return logs.stream()
			.flatMap((log) -> lines(log).stream()
				.filter((line) -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\"")
						|| line.contains("was unable to process"))
				.map((line) -> log.getFileName() + ": " + line))
			.limit(atMost)
			.collect(Collectors.joining("\n"));
	}

	/** How many lines of the logs show {@code needle}, across all processes. */
	public static long count(Collection<Path> logs, String needle) {
		return logs.stream().flatMap((log) -> lines(log).stream()).filter((line) -> line.contains(needle)).count();
	}

	public List<Row> rows() {
		return this.rows;
	}

	public Set<String> keys() {
		return this.rows.stream().map(Row::key).collect(Collectors.toSet());
	}

	public int duplicates() {
		return this.rows.size() - keys().size();
	}

	public long maxRunsOfOneJob() {
		return this.rows.stream()
			.collect(Collectors.groupingBy(Row::key, Collectors.counting()))
			.values()
			.stream()
			.mapToLong(Long::longValue)
			.max()
			.orElse(0);
	}

	public Set<String> lost(Collection<String> acknowledged) {
		Set<String> lost = new HashSet<>(acknowledged);
		lost.removeAll(keys());
		return lost;
	}

	public Map<String, Long> jobsPerProcess() {
		return this.rows.stream().collect(Collectors.groupingBy(Row::process, Collectors.counting()));
	}

	/** Jobs done by each worker thread of each process. */
	public Map<String, Long> jobsPerWorker() {
		return this.rows.stream()
			.collect(Collectors.groupingBy((row) -> row.process() + "/" + row.thread(), Collectors.counting()));
	}

	public List<Row> doneBy(String process) {
		return this.rows.stream().filter((row) -> row.process().equals(process)).toList();
	}

	private static List<String> lines(Path log) {
		return LogRead.of(log).lines();
	}

	/**
	 * One job done by one process.
	 *
	 * @param key the job's key
	 * @param partition its partition
	 * @param offset its offset
	 * @param seconds its value
	 * @param attempt the try or delivery it ran on, {@code 0} where the event does not
	 * say
	 * @param process the consumer process that did it
	 * @param thread the worker thread that did it
	 * @param time when the event was logged
	 */
	public record Row(String key, int partition, long offset, int seconds, int attempt, String process, String thread,
			Instant time) {

		/** The record it came from: partition and offset. */
		public String position() {
			return this.partition + "@" + this.offset;
		}

	}

	/**
	 * What was read of one log so far. The tests look at the logs every few hundred
	 * milliseconds while they only grow: each look reads and parses only the lines added
	 * since the last, where reading whole logs each time took a core's worth of CPU from
	 * the services the tests watch.
	 */
	private static final class LogRead {

		private static final Map<Path, LogRead> reads = new ConcurrentHashMap<>();

		private final Path log;

		private final List<String> lines = new ArrayList<>();

		private final Map<String, List<JsonNode>> eventsByAction = new HashMap<>();

		private long offset;

		private LogRead(Path log) {
			this.log = log;
		}

		static LogRead of(Path log) {
			return reads.computeIfAbsent(log.toAbsolutePath(), LogRead::new);
		}

		synchronized List<String> lines() {
			readNewLines();
			return List.copyOf(this.lines);
		}

		synchronized List<JsonNode> events(List<String> actions) {
			readNewLines();
			List<JsonNode> events = new ArrayList<>();
			actions.forEach((action) -> events.addAll(this.eventsByAction.getOrDefault(action, List.of())));
			return events;
		}

		/** Complete lines only: a line still being written is read at the next look. */
		private void readNewLines() {
			try {
				if (!Files.exists(this.log)) {
					return;
				}
				if (Files.size(this.log) < this.offset) {
					// Not the log that was read before: read it again from its start.
					this.offset = 0;
					this.lines.clear();
					this.eventsByAction.clear();
				}
				byte[] added;
				try (SeekableByteChannel channel = Files.newByteChannel(this.log)) {
					channel.position(this.offset);
					added = Channels.newInputStream(channel).readAllBytes();
				}
				int end = lastNewline(added);
				if (end < 0) {
					return;
				}
				this.offset += end + 1;
				new String(added, 0, end + 1, StandardCharsets.UTF_8).lines().forEach(this::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void add(String line) {
			this.lines.add(line);
			if (line.startsWith("{") && line.contains("\"action\"")) {
				try {
					JsonNode event = json.readTree(line);
					String action = event.path("event").path("action").asString(null);
					if (action != null) {
						this.eventsByAction.computeIfAbsent(action, (key) -> new ArrayList<>()).add(event);
					}
				}
				catch (JacksonException ex) {
					// a line cut short by a kill
				}
			}
		}

		private static int lastNewline(byte[] bytes) {
			for (int i = bytes.length - 1; i >= 0; i--) {
				if (bytes[i] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
