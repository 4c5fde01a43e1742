package com.example.mskqueue.producer.status;

import java.util.concurrent.ExecutionException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The queue's status page, under the prefix the ALB forwards:
 * {@code /msk-producer/status} (a page that refreshes itself) and
 * {@code /msk-producer/status.json} (what it shows).
 */
@RestController
class StatusController {

	private final StatusService status;

	StatusController(StatusService status) {
		this.status = status;
	}

	@GetMapping(path = "/msk-producer/status", produces = MediaType.TEXT_HTML_VALUE)
	String page() {
		return StatusPage.HTML;
	}

	@GetMapping(path = "/msk-producer/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
	StatusView json() throws ExecutionException, InterruptedException {
		return this.status.status();
	}

}
