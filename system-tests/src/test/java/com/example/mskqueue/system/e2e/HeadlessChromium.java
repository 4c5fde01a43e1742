package com.example.mskqueue.system.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's Chromium and ChromeDriver ({@code apt-get install chromium chromium-driver}),
 * started headless with a fresh profile and no background network traffic. CI installs
 * them while the build runs ({@code .ci/run}) and names a status file in
 * {@value #INSTALL_STATUS}, which the browser waits for; elsewhere a machine without them
 * skips the browser test, except under {@code CI=true}, where their absence is a failure.
 */
final class HeadlessChromium {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final String INSTALL_STATUS = "CHROMIUM_INSTALL_STATUS";

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

	private HeadlessChromium() {
	}

	static ChromeDriver start(Path profileDir) throws IOException {
		return start(profileDir, true);
	}

	/**
	 * A browser that runs no script when {@code javaScript} is false: pages as the server
	 * sends them.
	 */
	static ChromeDriver start(Path profileDir, boolean javaScript) throws IOException {
		String installStatus = System.getenv(INSTALL_STATUS);
		if (installStatus != null) {
			awaitInstall(Path.of(installStatus));
		}
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!"true".equals(System.getenv("CI")) && installStatus == null) {
			Assumptions.assumeTrue(installed, "Chromium is not installed: apt-get install chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1000",
				"--user-data-dir=" + Files.createDirectories(profileDir));
		if (!javaScript) {
			options.addArguments("--blink-settings=scriptEnabled=false");
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/** The install's exit status, once written, must be 0. */
	private static void awaitInstall(Path status) {
		await("Chromium installed by .ci/run (" + status + ")").atMost(INSTALL_TIMEOUT)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> Files.exists(status));
		assertThat(status).as("apt-get's exit status; its output is in %s.log", status)
			.content()
			.isEqualToIgnoringNewLines("0");
	}

}
