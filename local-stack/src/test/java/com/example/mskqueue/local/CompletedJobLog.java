package com.example.mskqueue.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the consumer's {@code ALL_INFO} lines (one per completed job) from its log file.
 */
final class CompletedJobLog {

	private static final Pattern ALL_INFO = Pattern
		.compile("ALL_INFO offset=(\\d+) partition=(\\d+) start=(\\S+) value=(\\d+) end=(\\S+) key=(\\S+)");

	/** One completed job. */
	record Completed(String key, int partition, long offset, int seconds) {
	}

	private CompletedJobLog() {
	}

	static List<Completed> read(Path logFile) {
		try {
			if (!Files.exists(logFile)) {
				return List.of();
			}
			return Files.readAllLines(logFile)
				.stream()
				.map(ALL_INFO::matcher)
				.filter(Matcher::find)
				.map((m) -> new Completed(m.group(6), Integer.parseInt(m.group(2)), Long.parseLong(m.group(1)),
						Integer.parseInt(m.group(4))))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
