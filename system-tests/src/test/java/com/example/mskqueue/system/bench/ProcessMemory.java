package com.example.mskqueue.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's resident memory (VmRSS, Linux {@code /proc}) and keeps the peak.
 */
final class ProcessMemory implements AutoCloseable {

	private final long pid;

	private final AtomicLong peakKiB = new AtomicLong();

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

	ProcessMemory(long pid) {
		this.pid = pid;
		this.sampler.scheduleAtFixedRate(() -> this.peakKiB.accumulateAndGet(currentKiB(), Math::max), 0, 200,
				TimeUnit.MILLISECONDS);
	}

	long currentKiB() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException ex) {
			// the process has exited
		}
		return 0;
	}

	/** Start a new peak from now. */
	void resetPeak() {
		this.peakKiB.set(currentKiB());
	}

	long peakMiB() {
		return this.peakKiB.get() / 1024;
	}

	long currentMiB() {
		return currentKiB() / 1024;
	}

	@Override
	public void close() {
		this.sampler.shutdownNow();
	}

}
