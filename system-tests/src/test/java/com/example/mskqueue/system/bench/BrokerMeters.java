package com.example.mskqueue.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * What the brokers did, read from outside their JVMs: CPU time (the JDK's process info,
 * and {@code /proc/stat} for the machine) and Kafka's own request counters
 * ({@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec}) over JMX, through a management agent started in each broker with
 * the attach API, so the brokers need no setting of their own.
 */
final class BrokerMeters implements AutoCloseable {

	private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

	/**
	 * Linux clock ticks per second ({@code getconf CLK_TCK}), the unit of
	 * {@code /proc/stat}.
	 */
	private static final double TICKS_PER_SECOND = 100.0;

	private final List<Long> pids;

	private final List<JMXConnector> connectors;

	private BrokerMeters(List<Long> pids, List<JMXConnector> connectors) {
		this.pids = pids;
		this.connectors = connectors;
	}

	static BrokerMeters attach(List<Long> pids) throws Exception {
		List<JMXConnector> connectors = new ArrayList<>();
		for (long pid : pids) {
			VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
			try {
				connectors.add(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
			}
			finally {
				vm.detach();
			}
		}
		return new BrokerMeters(List.copyOf(pids), connectors);
	}

	/** The brokers' counters now. */
	Snapshot snapshot() throws Exception {
		Map<String, Long> requests = new HashMap<>();
		for (JMXConnector connector : this.connectors) {
			MBeanServerConnection server = connector.getMBeanServerConnection();
			for (ObjectName name : server.queryNames(new ObjectName(REQUESTS), null)) {
				Object count = server.getAttribute(name, "Count");
				requests.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
			}
		}
		List<Double> cpu = new ArrayList<>();
		for (long pid : this.pids) {
			cpu.add(cpuSeconds(pid));
		}
		return new Snapshot(System.nanoTime(), requests, cpu, machineBusySeconds());
	}

	/** The CPU time (user + system) a process has used, in seconds. */
	static double cpuSeconds(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((process) -> process.info().totalCpuDuration())
			.map((cpu) -> cpu.toNanos() / 1e9)
			.orElse(0.0);
	}

	/** The CPU time every core of the machine spent busy, in seconds. */
	static double machineBusySeconds() throws IOException {
		String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		long busy = 0;
		for (int i = 1; i < fields.length; i++) {
			// idle (4) and iowait (5) are not busy; guest time is already in user time.
			if (i != 4 && i != 5 && i < 9) {
				busy += Long.parseLong(fields[i]);
			}
		}
		return busy / TICKS_PER_SECOND;
	}

	@Override
	public void close() throws IOException {
		for (JMXConnector connector : this.connectors) {
			connector.close();
		}
	}

	/**
	 * The brokers' counters at one moment.
	 *
	 * @param nanos when ({@link System#nanoTime()})
	 * @param requests requests handled per API, summed over the brokers
	 * @param cpu each broker's CPU seconds
	 * @param machineBusy the machine's busy CPU seconds
	 */
	record Snapshot(long nanos, Map<String, Long> requests, List<Double> cpu, double machineBusy) {

		double seconds(Snapshot later) {
			return (later.nanos - this.nanos) / 1e9;
		}

		/** Requests of these APIs per second between this snapshot and a later one. */
		double rate(Snapshot later, String... apis) {
			long count = 0;
			for (String api : apis) {
				count += later.requests.getOrDefault(api, 0L) - this.requests.getOrDefault(api, 0L);
			}
			return count / seconds(later);
		}

		/** The brokers' CPU, summed, in cores, between this snapshot and a later one. */
		double brokerCores(Snapshot later) {
			double used = 0;
			for (int i = 0; i < this.cpu.size(); i++) {
				used += later.cpu.get(i) - this.cpu.get(i);
			}
			return used / seconds(later);
		}

		/** The busiest broker's CPU, in cores. */
		double busiestBrokerCores(Snapshot later) {
			double most = 0;
			for (int i = 0; i < this.cpu.size(); i++) {
				most = Math.max(most, later.cpu.get(i) - this.cpu.get(i));
			}
			return most / seconds(later);
		}

		/** The whole machine's busy cores. */
		double machineCores(Snapshot later) {
			return (later.machineBusy - this.machineBusy) / seconds(later);
		}

	}

}
