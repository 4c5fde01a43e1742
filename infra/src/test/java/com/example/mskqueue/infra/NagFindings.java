package com.example.mskqueue.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * Every finding of a cdk-nag rule pack, read from the JSON reports it writes next to the
 * templates ({@code <pack>-<stack>-NagReport.json}).
 *
 * @param all every non-compliant, suppressed or unevaluated finding
 */
record NagFindings(List<Finding> all) {

	static NagFindings in(Path outdir) {
		try (Stream<Path> files = Files.list(outdir)) {
			return new NagFindings(files.filter((file) -> file.getFileName().toString().endsWith("-NagReport.json"))
				.sorted()
				.flatMap(NagFindings::read)
				.filter((finding) -> !"Compliant".equals(finding.compliance())
						&& !"Not Applicable".equalsIgnoreCase(finding.compliance()))
				.toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Stream<Finding> read(Path report) {
		try {
			Map<String, Object> json = new Yaml().load(Files.readString(report));
			return ((List<Map<String, Object>>) json.get("lines")).stream()
				.map((line) -> new Finding(line.get("ruleId").toString(), line.get("ruleLevel").toString(),
						line.get("compliance").toString(), line.get("resourceId").toString(),
						String.valueOf(line.get("exceptionReason"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Errors no suppression covers, and rules that could not be evaluated. */
	List<Finding> unsuppressedErrors() {
		return this.all.stream()
			.filter((finding) -> "Non-Compliant".equals(finding.compliance()) && "Error".equals(finding.level())
					|| "UNKNOWN".equalsIgnoreCase(finding.compliance()))
			.toList();
	}

	record Finding(String rule, String level, String compliance, String resource, String reason) {

		@Override
		public String toString() {
			return this.rule + " (" + this.level + ", " + this.compliance + ") " + this.resource
					+ ("Suppressed".equals(this.compliance) ? ": " + this.reason : "");
		}

	}

}
