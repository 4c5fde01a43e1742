package com.example.mskqueue.local.bench;

/**
 * Runs one benchmark by name: {@code memory}. Each prints its figures; none is a test.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String name = (args.length > 0) ? args[0] : "memory";
		switch (name) {
			case "memory" -> MemoryBenchmark.main(args);
			default -> throw new IllegalArgumentException("Unknown benchmark '" + name + "'; known: memory");
		}
	}

}
