package com.example.mskqueue.local.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every job the consumers did, read from their "Job done" lines: key, partition, offset
 * and the process that did it. From it, lost and duplicate jobs are counted against the
 * acknowledged keys.
 */
public final class JobLedger {

	private static final Pattern JOB_DONE = Pattern
		.compile("Job done key=(\\S+) value=(\\d+) partition=(\\d+) offset=(\\d+)");

	/** One job done by one process. */
	public record Row(String key, int partition, long offset, String process) {
	}

	private final List<Row> rows;

	private JobLedger(List<Row> rows) {
		this.rows = rows;
	}

	public static JobLedger read(Collection<Path> logs) {
		List<Row> rows = new ArrayList<>();
		for (Path log : logs) {
			String process = log.getFileName().toString().replace(".log", "");
			for (String line : lines(log)) {
				Matcher matcher = JOB_DONE.matcher(line);
				if (matcher.find()) {
					rows.add(new Row(matcher.group(1), Integer.parseInt(matcher.group(3)),
							Long.parseLong(matcher.group(4)), process));
				}
			}
		}
		return new JobLedger(rows);
	}

	/** How many times the logs show {@code needle}, across all processes. */
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

	public List<Row> doneBy(String process) {
		return this.rows.stream().filter((row) -> row.process().equals(process)).toList();
	}

	private static List<String> lines(Path log) {
		try {
			return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()
					: List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
