package com.example.mskqueue.system.fleet;

import java.util.HashMap;
import java.util.Map;

/**
 * Broker settings the system tests share, so that failures are noticed in seconds.
 */
public final class TestBrokerSettings {

	/**
	 * Short consumer-group timeouts: a dead or frozen member is noticed in 6 s, not 45 s.
	 */
	public static final Map<String, String> FAST_GROUP_TIMEOUTS = Map.of("group.consumer.session.timeout.ms", "6000",
			"group.consumer.min.session.timeout.ms", "6000", "group.consumer.heartbeat.interval.ms", "1000",
			"group.consumer.min.heartbeat.interval.ms", "1000");

	/** Share-group record locks may be as short as 1 s (the tests use 4 s). */
	public static final Map<String, String> SHORT_RECORD_LOCKS = Map.of("group.share.min.record.lock.duration.ms",
			"1000");

	/** Both: brokers for tests that run both consumer modes. */
	public static Map<String, String> fastGroupsAndShortLocks() {
		Map<String, String> settings = new HashMap<>(FAST_GROUP_TIMEOUTS);
		settings.putAll(SHORT_RECORD_LOCKS);
		return settings;
	}

	private TestBrokerSettings() {
	}

}
