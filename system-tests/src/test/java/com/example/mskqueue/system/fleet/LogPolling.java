package com.example.mskqueue.system.fleet;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Awaitility's pause between two looks, for every test JVM of the system tests: most
 * waits read and parse the consumers' whole JSON logs on each look, and at Awaitility's
 * 100 ms that parsing took CPU from the service JVMs the tests measure. Waits that must
 * catch a moment set a shorter interval of their own.
 */
public class LogPolling implements LauncherSessionListener {

	private static final Duration INTERVAL = Duration.ofMillis(250);

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		Awaitility.setDefaultPollInterval(INTERVAL);
	}

}
