package com.example.mskqueue.consumer.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * An example of real work, on when {@code JOB_HTTP_URL} is set: each job is a POST of
 * {@code {"key", "seconds", "batch"}} to that URL, with a timeout, and an
 * {@code Idempotency-Key} header (the job's key) so that the receiver can ignore a job
 * done twice. A 2xx answer means done; anything else, or no answer within the timeout, is
 * a failed try (tried again, then dead-lettered). A cancellation or a stop interrupts the
 * call.
 */
@Component
@Primary
@ConditionalOnExpression("!'${jobs.work.http.url:}'.isBlank()")
class HttpCallJobWork implements JobWork {

	private final HttpClient http;

	private final Settings settings;

	HttpCallJobWork(Settings settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
	}

	@Override
	public void perform(JobRecord job, int seconds) throws InterruptedException {
		String body = "{\"key\":%s,\"seconds\":%d,\"batch\":%s}".formatted(quoted(job.key()), seconds,
				quoted(job.batch()));
		HttpRequest request = HttpRequest.newBuilder(this.settings.url())
			.timeout(this.settings.timeout())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", String.valueOf(job.key()))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<Void> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (HttpTimeoutException ex) {
			throw new IllegalStateException(
					"no answer from " + this.settings.url() + " within " + this.settings.timeout().toMillis() + " ms",
					ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not call " + this.settings.url() + ": " + ex.getMessage(), ex);
		}
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(this.settings.url() + " answered " + response.statusCode());
		}
	}

	private static String quoted(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder json = new StringBuilder("\"");
		text.codePoints().forEach((c) -> {
			if (c == '"' || c == '\\') {
				json.append('\\').appendCodePoint(c);
			}
			else if (c < 0x20) {
				json.append("\\u%04x".formatted(c));
			}
			else {
				json.appendCodePoint(c);
			}
		});
		return json.append('"').toString();
	}

	/**
	 * Settings of the HTTP example, bound from {@code jobs.work.http.*}.
	 *
	 * @param url where each job is POSTed ({@code JOB_HTTP_URL})
	 * @param timeout how long a call may take, connecting included
	 * ({@code JOB_HTTP_TIMEOUT}): keep it below the longest job
	 */
	@Validated
	@ConfigurationProperties("jobs.work.http")
	record Settings(URI url, @NotNull Duration timeout) {
	}

}
