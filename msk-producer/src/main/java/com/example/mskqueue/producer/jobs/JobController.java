package com.example.mskqueue.producer.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import com.example.mskqueue.contract.JobEvent;
import com.example.mskqueue.contract.JobEvents;
import com.example.mskqueue.producer.web.Problem;

/**
 * Find a job by its key: {@code GET /msk-producer/jobs/{key}}, a page for browsers and
 * JSON for scripts ({@code key}, {@code state}, {@code batch}, {@code topic} and
 * {@code history}, oldest first, each step as the lifecycle topic records it). The status
 * page's search box asks {@code GET /msk-producer/jobs?key=...}, which redirects here.
 */
@Controller
class JobController {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JobView view;

	JobController(JobView view) {
		this.view = view;
	}

	@GetMapping("/msk-producer/jobs")
	String search(@RequestParam(name = "key", required = false) String key) {
		problemWith(key);
		return "redirect:/msk-producer/jobs/"
				+ URLEncoder.encode(key.strip(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	@GetMapping(path = "/msk-producer/jobs/{key}", produces = MediaType.TEXT_HTML_VALUE)
	String page(@PathVariable String key, Model model) {
		model.addAttribute("job", find(key));
		return "job";
	}

	@GetMapping(path = "/msk-producer/jobs/{key}")
	ResponseEntity<String> json(@PathVariable String key) {
		JobHistory job = find(key);
		ObjectNode body = json.createObjectNode();
		body.put("key", job.key());
		body.put("state", job.state().wireName());
		body.put("batch", job.batch());
		body.put("topic", job.topic());
		ArrayNode history = body.putArray("history");
		for (JobEvent step : job.history()) {
			history.add(json.readTree(JobEvents.toJson(step)));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
	}

	private JobHistory find(String key) {
		problemWith(key);
		return this.view.job(key)
			.orElseThrow(() -> new Problem.Refusal(Problem.of(HttpStatus.NOT_FOUND, "No such job",
					"no job with key '" + key + "' was queued on " + this.view.workTopic() + " in the last "
							+ this.view.retention() + " (the lifecycle's retention): "
							+ "check the key, or the job is older than that")));
	}

	/** Refuse a malformed key (400), or a view that cannot answer yet. */
	private void problemWith(String key) {
		JobKeys.problem(key).ifPresent((problem) -> {
			throw new Problem.Refusal(Problem.of(HttpStatus.BAD_REQUEST, "Not a job key", problem));
		});
		this.view.requireReady();
	}

}
