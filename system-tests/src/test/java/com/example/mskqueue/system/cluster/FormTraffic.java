package com.example.mskqueue.system.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.example.mskqueue.system.fleet.ProducerProcess;

/**
 * Jobs sent through the real producer's form, as users send them, with every answer kept:
 * its status, its text, and how many jobs it says the cluster acknowledged.
 */
final class FormTraffic {

	private static final Pattern SENT = Pattern.compile("^Messages sent: (\\d+)");

	private static final Pattern PARTLY_SENT = Pattern.compile("^Kafka unavailable: (\\d+) of (\\d+) sent");

	private static final Pattern UNCONFIRMED = Pattern.compile("(\\d+) jobs were sent but the cluster did not confirm");

	private final List<Answer> answers = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private Thread sender;

	/**
	 * Two jobs to each topic every half second, until {@link #stop()}: a third of what
	 * the consumers can do, so that a fault shows as a backlog that drains (more costs CI
	 * time, not coverage).
	 */
	static FormTraffic start(ProducerProcess producer, List<String> topics) {
		FormTraffic traffic = new FormTraffic();
		traffic.sender = new Thread(() -> {
			while (traffic.running.get()) {
				for (String topic : topics) {
					traffic.post(producer, topic, 2);
				}
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "form-traffic");
		traffic.sender.start();
		return traffic;
	}

	/** One POST of {@code jobs} jobs to each topic. */
	static FormTraffic once(ProducerProcess producer, List<String> topics, int jobs) {
		FormTraffic traffic = new FormTraffic();
		topics.forEach((topic) -> traffic.post(producer, topic, jobs));
		return traffic;
	}

	static FormTraffic merge(FormTraffic... parts) {
		FormTraffic all = new FormTraffic();
		Arrays.stream(parts).forEach((part) -> all.answers.addAll(part.answers));
		return all;
	}

	void stop() throws InterruptedException {
		this.running.set(false);
		this.sender.join(Duration.ofMinutes(3).toMillis());
	}

	/** Jobs the answers say the cluster acknowledged. */
	int acknowledged() {
		return this.answers.stream().mapToInt(Answer::acknowledged).sum();
	}

	/** Jobs the answers say were sent but never confirmed: they may be stored. */
	int unconfirmed() {
		return this.answers.stream().mapToInt(Answer::unconfirmed).sum();
	}

	/** Answers other than 200, as status and text. */
	List<String> failures() {
		return this.answers.stream().filter((answer) -> answer.status() != 200).map(Answer::toString).toList();
	}

	List<String> answers() {
		return this.answers.stream().map(Answer::toString).toList();
	}

	Map<Integer, Long> statusCounts() {
		return this.answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
	}

	private void post(ProducerProcess producer, String topic, int jobs) {
		try {
			HttpResponse<String> response = producer.send("num=" + jobs + "&topic=" + topic);
			this.answers.add(new Answer(response.statusCode(), response.body().strip()));
		}
		catch (IOException ex) {
			this.answers.add(new Answer(0, "no answer: " + ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One answer of the form.
	 *
	 * @param status its HTTP status (0: none)
	 * @param text its plain-text body
	 */
	record Answer(int status, String text) {

		int acknowledged() {
			String first = this.text.lines().findFirst().orElse("");
			Matcher sent = SENT.matcher(first);
			if (sent.find()) {
				return Integer.parseInt(sent.group(1));
			}
			Matcher partly = PARTLY_SENT.matcher(first);
			return partly.find() ? Integer.parseInt(partly.group(1)) : 0;
		}

		int unconfirmed() {
			Matcher unconfirmed = UNCONFIRMED.matcher(this.text);
			return unconfirmed.find() ? Integer.parseInt(unconfirmed.group(1)) : 0;
		}

		@Override
		public String toString() {
			return this.status + " " + String.join(" | ", this.text.lines().toList());
		}

	}

}
