package com.example.mskqueue.system.fleet;

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
 * The figures of each fault case: printed as a suite runs, and as a Markdown table at its
 * end (also written to {@code target/<suite>-report.md}).
 */
public final class FaultReport {

	private static final Logger log = LoggerFactory.getLogger(FaultReport.class);

	private static final List<String> rows = new ArrayList<>();

	private FaultReport() {
	}

	public static synchronized void add(String faultCase, long acknowledged, long processed, long lost, long duplicates,
			Duration shutdown, String notes) {
		String row = "| %s | %d | %d | %d | %d | %s | %s |".formatted(faultCase, acknowledged, processed, lost,
				duplicates, (shutdown != null) ? "%.1f s".formatted(shutdown.toMillis() / 1000.0) : "-", notes);
		rows.add(row);
		log.info("FAULT CASE {}", row);
	}

	/** Print and write the suite's table, if it added any row. */
	public static synchronized void print(String suite) {
		if (rows.isEmpty()) {
			return;
		}
		String table = "| case | acknowledged | processed | lost | duplicates | shutdown | notes |\n"
				+ "|---|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
		log.info("{} results:\n{}", suite, table);
		try {
			Files.writeString(Path.of("target", suite + "-report.md"), table, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			rows.clear();
		}
	}

}
