package com.example.mskqueue.producer.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * A request the producer cannot serve, said the same way on every page: for browsers the
 * {@code problem} page, for scripts a JSON body ({@code status}, {@code error},
 * {@code message}), each saying what to do about it.
 *
 * @param status the HTTP status
 * @param title the outcome, a few words
 * @param message what went wrong and what to do
 * @param retryAfterSeconds for a 503, when to try again; else {@code null}
 */
public record Problem(HttpStatus status, String title, String message, Integer retryAfterSeconds) {

	public static Problem of(HttpStatus status, String title, String message) {
		return new Problem(status, title, message, null);
	}

	/** Not now: try again in {@code seconds}. */
	public static Problem unavailable(String title, String message, int seconds) {
		return new Problem(HttpStatus.SERVICE_UNAVAILABLE, title, message, seconds);
	}

	/** The problem page, for browsers. */
	public ModelAndView page() {
		ModelAndView page = new ModelAndView("problem", this.status);
		page.addObject("outcome", this.title);
		page.addObject("details", List.of(this.message));
		return page;
	}

	/** The JSON answer, for scripts. */
	public ResponseEntity<Object> json() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", this.status.value());
		body.put("error", this.status.getReasonPhrase());
		body.put("message", this.title + ": " + this.message);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(this.status)
			.contentType(MediaType.APPLICATION_JSON);
		if (this.retryAfterSeconds != null) {
			response.header(HttpHeaders.RETRY_AFTER, Integer.toString(this.retryAfterSeconds));
		}
		return response.body(body);
	}

	/** Thrown by a controller, answered as the request asked (page or JSON). */
	public static final class Refusal extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient Problem problem;

		public Refusal(Problem problem) {
			super(problem.title() + ": " + problem.message(), null, false, false);
			this.problem = problem;
		}

		public Problem problem() {
			return this.problem;
		}

	}

}
