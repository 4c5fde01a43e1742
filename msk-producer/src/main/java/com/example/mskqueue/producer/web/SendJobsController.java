package com.example.mskqueue.producer.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.sending.JobSender;
import com.example.mskqueue.producer.sending.JobsNotAcknowledgedException;
import com.example.mskqueue.producer.sending.SentBatch;

/**
 * The job form and its submission. Every route starts with {@code /msk-producer}, the
 * path the ALB forwards here. Browsers get HTML pages; other clients (curl, scripts) get
 * plain text whose first line is the outcome, such as {@code Messages sent: 20}.
 */
@RestController
class SendJobsController {

	/**
	 * Seconds a client should wait before trying again after the cluster was out of
	 * reach.
	 */
	static final int RETRY_AFTER_SECONDS = 5;

	private final JobSender sender;

	private final SendRequestRules rules;

	private final ProducerProperties properties;

	SendJobsController(JobSender sender, SendRequestRules rules, ProducerProperties properties) {
		this.sender = sender;
		this.rules = rules;
		this.properties = properties;
	}

	@GetMapping("/msk-producer")
	ResponseEntity<Void> redirectToForm() {
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/msk-producer-index.html")).build();
	}

	@GetMapping(path = "/msk-producer-index.html", produces = MediaType.TEXT_HTML_VALUE)
	String form() {
		return Pages.form(this.properties.topic(), this.properties.formPartitions());
	}

	@PostMapping("/msk-producer-send")
	ResponseEntity<String> send(@Valid SendJobsRequest request, BindingResult errors,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		List<String> problems = new ArrayList<>(
				errors.getFieldErrors().stream().map(SendJobsController::describe).toList());
		if (request != null) {
			problems.addAll(this.rules.problems(request));
		}
		if (!problems.isEmpty()) {
			return respond(HttpStatus.BAD_REQUEST, "Nothing was sent", problems, accept);
		}
		SentBatch batch = this.sender.send(request.topic(), request.num(), request.partitionNum());
		return respond(HttpStatus.OK, null, describe(batch, request), accept);
	}

	@ExceptionHandler
	ResponseEntity<String> notAcknowledged(JobsNotAcknowledgedException ex, WebRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		List<String> lines = List.of("Kafka unavailable: " + ex.acknowledged() + " of " + ex.requested() + " sent",
				"The " + (ex.requested() - ex.acknowledged())
						+ " jobs not acknowledged are not on the topic; send them again later.",
				"Cause: " + ex.getMessage());
		ResponseEntity<String> response = respond(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable", lines, accept);
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
			.body(response.getBody());
	}

	private static List<String> describe(SentBatch batch, SendJobsRequest request) {
		int count = batch.topic().partitions();
		String counted = count + ((count == 1) ? " partition" : " partitions");
		String partitions = batch.topic().createdNow() ? "created with " + counted
				: (count == request.partitionNum() ? "existing topic with " + counted : "existing topic with " + counted
						+ "; partition_num=" + request.partitionNum() + " applies only to new topics");
		return List.of("Messages sent: " + batch.acknowledged(),
				"Topic: " + batch.topic().name() + " (" + partitions + ")",
				"Batch: " + batch.batchId() + " (progress: /msk-producer/status)");
	}

	private static String describe(FieldError error) {
		String field = "partitionNum".equals(error.getField()) ? "partition_num" : error.getField();
		if (error.isBindingFailure()) {
			return field + " must be a whole number (got '" + error.getRejectedValue() + "')";
		}
		return field + " " + error.getDefaultMessage();
	}

	private static ResponseEntity<String> respond(HttpStatus status, String title, List<String> lines, String accept) {
		if (prefersHtml(accept)) {
			String page = (title != null) ? Pages.problem(title, lines) : Pages.sent(lines);
			return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(page);
		}
		String text = (title != null && status != HttpStatus.SERVICE_UNAVAILABLE) ? title + "\n" : "";
		return ResponseEntity.status(status)
			.contentType(MediaType.TEXT_PLAIN)
			.body(text + String.join("\n", lines) + "\n");
	}

	/**
	 * Browsers ask for text/html explicitly; curl and most scripts send
	 * {@code *}{@code /*}.
	 */
	private static boolean prefersHtml(String accept) {
		return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
	}

}
