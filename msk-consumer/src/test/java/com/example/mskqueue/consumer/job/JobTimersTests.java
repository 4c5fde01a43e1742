package com.example.mskqueue.consumer.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.mskqueue.consumer.RunningConsumer;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job timers as Prometheus scrapes them, against the jobs' own timings, on the
 * module's broker in both modes: {@code msk_job_run_seconds} counts every job, and its
 * sum and the bucket of each percentile lie between the jobs' work and their
 * start-to-settlement times (bounds that hold on a loaded machine);
 * {@code msk_job_wait_seconds} and {@code msk_job_total_seconds} count every job too.
 */
class JobTimersTests {

	/** The values of the jobs, 0 to 10 units of 50 ms: 0 to 500 ms of work each. */
	private static final List<Integer> VALUES = List.of(0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 10);

	private static final long UNIT_MILLIS = 50;

	@ParameterizedTest(name = "{0} mode")
	@ValueSource(strings = { "group", "queue" })
	void theTimersCountEveryJobAndTheirHistogramMatchesTheJobsOwnRunTimes(String mode) throws Exception {
		String topic = "timed-jobs-" + mode;
		try (RunningConsumer consumer = RunningConsumer.start("jobs.mode=" + mode, "jobs.topic=" + topic,
				"spring.kafka.consumer.group-id=timers-" + mode, "jobs.work-unit=" + UNIT_MILLIS + "ms",
				"jobs.partitions=1")) {
			List<Map.Entry<String, byte[]>> jobs = new ArrayList<>();
			VALUES.forEach((value) -> jobs.add(
					Map.entry(UUID.randomUUID().toString(), Integer.toString(value).getBytes(StandardCharsets.UTF_8))));
			TestBroker.send(topic, 0, jobs);
			await().atMost(Duration.ofSeconds(60)).until(() -> consumer.completedKeys().size() == VALUES.size());

			String metrics = scrape(consumer.port());
			assertThat(sample(metrics, "msk_job_run_seconds_count")).isEqualTo(VALUES.size());
			assertThat(sample(metrics, "msk_job_wait_seconds_count")).isEqualTo(VALUES.size());
			assertThat(sample(metrics, "msk_job_total_seconds_count")).isEqualTo(VALUES.size());
			// Each job's run time is at least its work and at most the time from its
			// start to its settlement (the JobCompleted event), however loaded the
			// machine.
			List<Double> work = VALUES.stream().map((value) -> value * UNIT_MILLIS / 1000.0).sorted().toList();
			List<Double> startToSettled = consumer.completed()
				.stream()
				.map((job) -> Duration.between(job.started(), job.ended()).toNanos() / 1e9)
				.sorted()
				.toList();
			assertThat(sample(metrics, "msk_job_run_seconds_sum")).as("between the work and start to settlement")
				.isBetween(sum(work), sum(startToSettled));
			TreeMap<Double, Double> buckets = buckets(metrics, "msk_job_run_seconds_bucket");
			for (double quantile : new double[] { 0.5, 0.95, 0.99 }) {
				int rank = (int) Math.ceil(quantile * VALUES.size()) - 1;
				double upper = buckets.entrySet()
					.stream()
					.filter((bucket) -> bucket.getValue() >= quantile * VALUES.size())
					.findFirst()
					.orElseThrow()
					.getKey();
				Double lower = buckets.lowerKey(upper);
				assertThat(upper).as("p%s's bucket reaches the work's p%s", quantile, quantile)
					.isGreaterThanOrEqualTo(work.get(rank));
				assertThat((lower != null) ? lower : 0.0)
					.as("p%s's bucket starts below the start-to-settlement p%s", quantile, quantile)
					.isLessThan(startToSettled.get(rank));
			}
		}
	}

	private static double sum(List<Double> seconds) {
		return seconds.stream().mapToDouble(Double::doubleValue).sum();
	}

	private static String scrape(int port) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static double sample(String metrics, String name) {
		Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(metrics);
		assertThat(matcher.find()).as(name).isTrue();
		return Double.parseDouble(matcher.group(2));
	}

	/** Cumulative counts by upper bound ({@code le}), the +Inf bucket left out. */
	private static TreeMap<Double, Double> buckets(String metrics, String name) {
		TreeMap<Double, Double> buckets = new TreeMap<>();
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*le=\"([0-9.Ee+-]+)\"[^}]*\\} ([0-9.Ee+-]+)$")
			.matcher(metrics);
		while (matcher.find()) {
			buckets.put(Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)));
		}
		assertThat(buckets).as(name).isNotEmpty();
		return buckets;
	}

}
