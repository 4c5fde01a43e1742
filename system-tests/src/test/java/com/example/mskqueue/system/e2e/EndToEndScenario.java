package com.example.mskqueue.system.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;
import com.example.mskqueue.system.fleet.JobLedger;
import com.example.mskqueue.system.fleet.QueueProbe;
import com.example.mskqueue.system.fleet.ServiceJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as the README's run command starts it: the producer and consumer jars
 * as separate JVMs on a real broker, driven through real HTTP and a real browser.
 * Subclasses choose the broker: the local KRaft broker (always) or the official
 * {@code apache/kafka} image (where Docker runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndScenario {

	static final String TOPIC = "e2e-jobs";

	static final String GROUP = "e2e-consumer";

	/** Where the page screenshots go, for people to look at. */
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** Each batch table header's text and the number of lines it takes. */
	static final String HEADER_LINES = """
			return [...document.querySelectorAll('#batches th')].map((th) => {
			  const range = document.createRange();
			  range.selectNodeContents(th);
			  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
			  return th.textContent + ':' + tops.size;
			});""";

	Path workDir;

	String bootstrapServers;

	JavaProcess producer;

	JavaProcess consumer;

	QueueProbe probe;

	int producerPort;

	Path consumerLog;

	/** Start the broker; returns its bootstrap servers. */
	abstract String startBroker(Path workDir) throws Exception;

	abstract void stopBroker() throws Exception;

	@BeforeAll
	void startTheStack(@TempDir Path workDir) throws Exception {
		this.workDir = workDir;
		this.bootstrapServers = startBroker(workDir);
		this.probe = new QueueProbe(this.bootstrapServers);
		this.producerPort = FreePorts.next();
		int consumerPort = FreePorts.next();
		Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", this.bootstrapServers, "WORK_TOPIC", TOPIC,
				"CONSUMER_GROUP", GROUP, "WORK_UNIT", "10ms", "LAG_INTERVAL", "1s", "LOGGING_STRUCTURED_FORMAT_CONSOLE",
				"ecs");
		this.consumerLog = workDir.resolve("consumer.log");
		// Started as the image starts them, like every service JVM of the system tests.
		this.consumer = JavaProcess.start("msk-consumer", ServiceJar.consumer().command(),
				List.of("--server.port=" + consumerPort), env, this.consumerLog);
		this.producer = JavaProcess.start("msk-producer", ServiceJar.producer().command(),
				List.of("--server.port=" + this.producerPort), env, workDir.resolve("producer.log"));
		awaitOk("http://localhost:" + this.producerPort + "/msk-producer-healthCheck");
		awaitOk("http://localhost:" + consumerPort + "/actuator/health");
	}

	@AfterAll
	void stopTheStack() throws Exception {
		for (JavaProcess service : new JavaProcess[] { this.producer, this.consumer }) {
			if (service != null) {
				service.close();
			}
		}
		if (this.probe != null) {
			this.probe.close();
		}
		stopBroker();
	}

	@Test
	void everyJobPostedToTheFormIsProcessedExactlyOnceAndTheGroupCatchesUp() throws Exception {
		// Jobs the other tests sent may still be running: count from when they are done.
		awaitGroupCaughtUp();
		int before = ledger().rows().size();
		HttpResponse<String> response = post("num=20&topic=" + TOPIC + "&partition_num=5");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("Messages sent: 20\n");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ledger().rows()).hasSize(before + 20));
		List<JobLedger.Row> done = ledger().rows().subList(before, before + 20);
		assertThat(done.stream().map(JobLedger.Row::key).distinct()).hasSize(20);
		assertThat(done).allSatisfy((job) -> assertThat(job.seconds()).isBetween(0, 10));
		awaitGroupCaughtUp();
	}

	@Test
	void aBatchSentFromTheFormInABrowserIsWatchedToDoneOnTheStatusPage() throws Exception {
		ChromeDriver browser = HeadlessChromium.start(this.workDir.resolve("chromium-profile"));
		try {
			browser.get("http://localhost:" + this.producerPort + "/msk-producer");
			assertThat(browser.getCurrentUrl()).endsWith("/msk-producer-index.html");
			setField(browser, "num", "7");
			setField(browser, "topic", TOPIC);
			setField(browser, "partition_num", "5");
			browser.findElement(By.id("send")).click();

			assertThat(awaitResult(browser)).isEqualTo("Messages sent: 7");
			String batch = browser.findElement(By.id("batch-link")).getDomAttribute("href").replaceAll(".*/", "");
			browser.findElement(By.id("status-link")).click();
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
			// The page swaps in a fresh panel every two seconds: find elements afresh
			// each time. Columns: batch, sent, queued, running, done, dead-lettered,
			// cancelled, state.
			By row = By.id("batch-" + batch);
			wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "done"));
			assertThat(browser.findElement(row).getText()).isEqualTo(batch + " 7 0 0 7 0 0 done");
			assertThat(browser.findElement(By.cssSelector("#batches tbody tr:first-child")).getDomAttribute("id"))
				.isEqualTo("batch-" + batch);
			assertThat(browser.findElement(By.id("group")).getText()).isEqualTo(GROUP);
			assertThat(browser.findElements(By.cssSelector("#partitions tbody tr"))).hasSize(5);
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void theFormResultAndStatusPagesAreOneStyledProductAndTheStatusShowsDataWithoutItsScript() throws Exception {
		Files.createDirectories(SCREENSHOTS);
		ChromeDriver browser = HeadlessChromium.start(this.workDir.resolve("chromium-no-script"), false);
		try {
			browser.get("http://localhost:" + this.producerPort + "/msk-producer-index.html");
			screenshot(browser, "form");
			assertThat(browser.findElement(By.cssSelector("header.bar")).getCssValue("background-color"))
				.as("the stylesheet is applied")
				.isEqualTo("rgba(29, 39, 51, 1)");
			assertThat(browser.findElement(By.id("nav-status")).getDomAttribute("href"))
				.isEqualTo("/msk-producer/status");
			setField(browser, "num", "3");
			browser.findElement(By.id("send")).click();
			assertThat(awaitResult(browser)).isEqualTo("Messages sent: 3");
			screenshot(browser, "result");

			// The batch list is read from the recorded lifecycle a moment after the send.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				browser.get("http://localhost:" + this.producerPort + "/msk-producer/status");
				return !browser.findElements(By.cssSelector("#batches tbody tr[id^=batch-]")).isEmpty();
			});
			// Wait and run times, as the consumers measured them, once the jobs are done.
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				browser.get("http://localhost:" + this.producerPort + "/msk-producer/status");
				return Integer.parseInt(browser.findElement(By.cssSelector("#latency-5m td")).getText()) >= 3;
			});
			screenshot(browser, "status");
			assertThat(browser.findElement(By.id("latency-5m")).getText()).matches("last 5 min \\d+ [\\d.]+ .*\\d s")
				.doesNotContain(" - ");
			assertThat(browser.findElements(By.cssSelector(".charts figure.chart polyline"))).hasSize(6);
			// The scaling rule the consumers run on, and its changes beside the lag that
			// caused them.
			assertThat(browser.findElement(By.id("scaling-policy")).getText()).isEqualTo("work");
			assertThat(browser.findElement(By.id("desired-workers")).getText()).matches("\\d+");
			assertThat(browser.findElements(By.cssSelector("#scaling-changes tbody tr"))).isNotEmpty();
			assertThat(browser.findElement(By.cssSelector("#chart-throughput polyline")).getDomAttribute("points"))
				.as("jobs done this minute are drawn")
				.isNotBlank();
			assertThat(browser.findElement(By.id("group")).getText()).as("rendered on the server").isEqualTo(GROUP);
			assertThat(browser.findElements(By.cssSelector("#partitions tbody tr"))).hasSize(5);
			assertThat(browser.findElements(By.cssSelector("#batches tbody tr"))).isNotEmpty();
			assertThat(browser.findElement(By.cssSelector("header.bar")).getCssValue("background-color"))
				.isEqualTo("rgba(29, 39, 51, 1)");
		}
		finally {
			browser.quit();
		}
		for (String page : List.of("form", "result", "status")) {
			byte[] png = Files.readAllBytes(SCREENSHOTS.resolve(page + ".png"));
			assertThat(png).as(page).startsWith(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
			assertThat(png.length).as("%s: a real picture, not a blank one", page).isGreaterThan(10_000);
		}
	}

	@Test
	void aJobIsFoundItsBatchFollowedAndCancelledThroughThePages() throws Exception {
		ChromeDriver browser = HeadlessChromium.start(this.workDir.resolve("chromium-lifecycle"));
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
			browser.get("http://localhost:" + this.producerPort + "/msk-producer-index.html");
			setField(browser, "num", "400");
			setField(browser, "topic", TOPIC);
			browser.findElement(By.id("send")).click();
			assertThat(awaitResult(browser)).isEqualTo("Messages sent: 400");

			browser.findElement(By.id("batch-link")).click();
			// The batch is read from the recorded lifecycle a moment after the send; a
			// job counts in it once its work record is read.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				browser.navigate().refresh();
				return !browser.findElements(By.id("batch-id")).isEmpty()
						&& browser.findElement(By.id("sent")).getText().equals("400");
			});
			String batch = browser.findElement(By.id("batch-id")).getText();
			String key = browser.findElement(By.cssSelector("#jobs tbody tr:first-child a")).getText();
			browser.findElement(By.id("interrupt-running")).click();
			WebElement cancel = browser.findElement(By.id("cancel"));
			cancel.click();
			// Shown once the task's job view has read the cancellation back: the page it
			// sends the browser to waits a while for that, a loaded machine can take
			// longer.
			wait.until(ExpectedConditions.stalenessOf(cancel));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				if (browser.findElements(By.id("cancellation")).isEmpty()) {
					browser.navigate().refresh();
					return false;
				}
				return true;
			});
			assertThat(browser.getCurrentUrl()).endsWith("/msk-producer/batches/" + batch);
			assertThat(browser.findElement(By.id("cancellation")).getText()).contains("running jobs were interrupted");
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				browser.navigate().refresh();
				return browser.findElement(By.id("batch-state")).getText().equals("cancelled");
			});
			int done = Integer.parseInt(browser.findElement(By.id("done")).getText());
			int cancelled = Integer.parseInt(browser.findElement(By.id("cancelled")).getText());
			assertThat(browser.findElement(By.id("sent")).getText()).isEqualTo("400");
			assertThat(done + cancelled).isEqualTo(400);
			assertThat(cancelled).isPositive();
			assertThat(browser.findElement(By.id("dead-lettered")).getText()).isEqualTo("0");
			assertThat(browser.findElements(By.id("cancel-form"))).as("nothing left to cancel").isEmpty();

			browser.get("http://localhost:" + this.producerPort + "/msk-producer/status");
			setField(browser, "key", key);
			browser.findElement(By.id("find-button")).click();
			wait.until(ExpectedConditions.presenceOfElementLocated(By.id("state")));
			assertThat(browser.getCurrentUrl()).endsWith("/msk-producer/jobs/" + key);
			assertThat(browser.findElement(By.id("key")).getText()).isEqualTo(key);
			assertThat(browser.findElement(By.id("state")).getText()).isIn("done", "cancelled");
			assertThat(browser.findElements(By.cssSelector("#history tbody tr")).get(0).getText()).startsWith("queued");
			browser.findElement(By.cssSelector("#batch a")).click();
			wait.until(ExpectedConditions.urlContains("/msk-producer/batches/" + batch));

			browser.get("http://localhost:" + this.producerPort + "/msk-producer/status");
			// At 1280 px no column header breaks inside a word: each header's text is one
			// line.
			List<?> headers = (List<?>) browser.executeScript(HEADER_LINES);
			assertThat(headers).hasSize(8).allSatisfy((header) -> assertThat(header.toString()).endsWith(":1"));
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void deadLettersAreBrowsedAndRedrivenThroughThePages() throws Exception {
		this.probe.send(TOPIC, null,
				List.of(Map.entry("e2e-poison-html", "<b>bad</b>".getBytes(StandardCharsets.UTF_8))));
		ChromeDriver browser = HeadlessChromium.start(this.workDir.resolve("chromium-dead-letters"));
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
			String page = "http://localhost:" + this.producerPort + "/msk-producer/dead-letters?reason=not-a-number";
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				browser.get(page);
				return !browser.findElements(By.cssSelector("#dead-letters tr[data-position]")).isEmpty();
			});
			WebElement row = browser.findElement(By.cssSelector("#dead-letters tr[data-position]"));
			assertThat(row.getText()).contains("e2e-poison-html", "<b>bad</b>", "not-a-number");
			assertThat(row.findElements(By.tagName("b"))).as("the value is text, never markup").isEmpty();

			WebElement reason = browser.findElement(By.id("redrive-reason"));
			reason.clear();
			reason.sendKeys("not-a-number");
			browser.findElement(By.id("redrive-include-invalid")).click();
			browser.findElement(By.id("redrive")).click();
			wait.withMessage(() -> "the redrive's page; the browser shows " + browser.getCurrentUrl() + ": "
					+ browser.findElement(By.tagName("body")).getText())
				.until(ExpectedConditions.presenceOfElementLocated(By.id("redrive-id")));
			assertThat(browser.getCurrentUrl()).contains("/msk-producer/dead-letters/redrives/");
			int toMove = Integer.parseInt(browser.findElement(By.id("to-move")).getText());
			assertThat(toMove).isPositive();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				browser.navigate().refresh();
				return browser.findElement(By.id("state")).getText().equals("done");
			});
			assertThat(browser.findElement(By.id("moved")).getText()).isEqualTo(Integer.toString(toMove));

			// Moved back with its contract-breaking value, it is dead-lettered again, and
			// the first dead letter shows it was redriven.
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				browser.get(page);
				return browser.findElements(By.cssSelector("#dead-letters tr[data-position]"))
					.stream()
					.anyMatch((deadLetter) -> deadLetter.getText().contains("e2e-poison-html")
							&& deadLetter.findElement(By.className("redriven")).getText().equals("yes"));
			});
		}
		finally {
			browser.quit();
		}
	}

	/**
	 * The result page's outcome, once the browser has it: a click on submit may return
	 * before the next page is loaded.
	 */
	private static String awaitResult(ChromeDriver browser) {
		return new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")))
			.getText();
	}

	private void awaitGroupCaughtUp() {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.probe.lagByPartition(GROUP, TOPIC))
				.allSatisfy((partition, lag) -> assertThat(lag).as("lag of partition %d", partition).isZero()));
	}

	private static void screenshot(ChromeDriver browser, String page) throws Exception {
		Files.write(SCREENSHOTS.resolve(page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

	private static void setField(ChromeDriver browser, String name, String value) {
		WebElement field = browser.findElement(By.name(name));
		field.clear();
		field.sendKeys(value);
	}

	private JobLedger ledger() {
		return JobLedger.read(List.of(this.consumerLog));
	}

	private HttpResponse<String> post(String form) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.producerPort + "/msk-producer-send"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private void awaitOk(String url) {
		HttpClient client = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			assertThat(this.producer.isAlive()).as("producer alive").isTrue();
			assertThat(this.consumer.isAlive()).as("consumer alive").isTrue();
			return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		});
	}

}
