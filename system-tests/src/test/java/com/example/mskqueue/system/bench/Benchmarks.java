package com.example.mskqueue.system.bench;

/**
 * Runs benchmarks and experiments by name; each prints its figures (see
 * docs/benchmarks.md and docs/experiments.md). None of them is a test: nothing here
 * asserts a speed.
 * <p>
 * {@code ./mvnw -q -pl system-tests -am -DskipTests -Pbenchmark verify -Dbenchmark=<name>}
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String name = (args.length > 0) ? args[0] : "memory";
		switch (name) {
			case "drain" -> DrainBenchmark.run();
			case "modes" -> DrainBenchmark.modes();
			case "policies" -> DrainBenchmark.policies();
			case "throughput" -> ThroughputBenchmark.run();
			case "overhead" -> OverheadBenchmark.run();
			case "memory" -> MemoryBenchmark.main(args);
			case "experiments" -> Experiments.run();
			case "startup" -> StartupBenchmark.run();
			case "cost" -> CostBenchmark.run();
			case "lifecycle" -> LifecycleBenchmark.run();
			case "scale" -> ScaleBenchmark.run();
			default -> throw new IllegalArgumentException("Unknown benchmark '" + name
					+ "'; known: drain, modes, policies, throughput, overhead, memory, startup, cost, lifecycle, scale, experiments");
		}
	}

}
