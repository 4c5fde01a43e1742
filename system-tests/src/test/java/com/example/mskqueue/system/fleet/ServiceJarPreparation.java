package com.example.mskqueue.system.fleet;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares both service jars (extraction and AOT cache, {@link ServiceJar#prepare()}) as
 * soon as a test JVM starts, beside its first class's broker start-up: every first class
 * starts services, and each waited for the training runs after its broker was up.
 */
public class ServiceJarPreparation implements LauncherSessionListener {

	private static final Logger log = LoggerFactory.getLogger(ServiceJarPreparation.class);

	private List<CompletableFuture<Void>> preparations = List.of();

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (System.getProperty("producer.jar") == null || System.getProperty("consumer.jar") == null) {
			return;
		}
		this.preparations = List.of(ServiceJar.producer(), ServiceJar.consumer())
			.stream()
			.map((jar) -> CompletableFuture.runAsync(jar::prepare, (task) -> {
				Thread thread = new Thread(task, "prepare-" + jar.jar().getFileName());
				thread.setDaemon(true);
				thread.start();
			}).exceptionally((ex) -> {
				// The test that starts the service prepares it again and reports the
				// failure.
				log.warn("Preparing {} ahead failed: {}", jar.jar().getFileName(), ex.toString());
				return null;
			}))
			.toList();
	}

	/** A training run outliving this JVM would leave a half-made cache behind. */
	@Override
	public void launcherSessionClosed(LauncherSession session) {
		this.preparations.forEach(CompletableFuture::join);
	}

}
