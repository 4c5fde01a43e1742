package com.example.mskqueue.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of each fault case: printed as the suite runs, and as a Markdown table at
 * the end (also written to {@code target/fault-suite-report.md}).
 */
final class FaultReport {

	private static final Logger log = LoggerFactory.getLogger(FaultReport.class);

	private static final List<String> rows = new ArrayList<>();

	private FaultReport() {
	}

	static synchronized void add(String faultCase, long acknowledged, long processed, long lost, long duplicates,
			Duration shutdown, String notes) {
		String row = "| %s | %d | %d | %d | %d | %s | %s |".formatted(faultCase, acknowledged, processed, lost,
				duplicates, (shutdown != null) ? "%.1f s".formatted(shutdown.toMillis() / 1000.0) : "-", notes);
		rows.add(row);
		log.info("FAULT CASE {}", row);
	}

	static synchronized void print() {
		String table = "| case | acknowledged | processed | lost | duplicates | shutdown | notes |\n"
				+ "|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
		log.info("Fault suite results:\n{}", table);
		try {
			Files.writeString(Path.of("target", "fault-suite-report.md"), table, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
