package com.example.mskqueue.producer.batches;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.producer.jobs.BatchSummary;
import com.example.mskqueue.producer.jobs.JobHistory;
import com.example.mskqueue.producer.jobs.JobKeys;
import com.example.mskqueue.producer.jobs.JobView;
import com.example.mskqueue.producer.web.Problem;
import com.example.mskqueue.producer.web.ReadBack;

/**
 * A batch: {@code GET /msk-producer/batches/{id}} (a page for browsers, JSON for scripts:
 * {@code sent} and its jobs counted by state, and {@value #PAGE} of its jobs per page),
 * and {@code POST /msk-producer/batches/{id}/cancel} (field
 * {@code interrupt_running=true} to interrupt its running jobs too). A browser's cancel
 * comes back to the batch page; a script gets {@code 202} and the cancellation.
 */
@Controller
class BatchController {

	/** Jobs listed per page. */
	static final int PAGE = 100;

	/** How long a browser's cancel waits for the job view to read it back. */
	static final Duration READ_BACK = Duration.ofSeconds(10);

	private final JobView view;

	private final BatchCancels cancels;

	BatchController(JobView view, BatchCancels cancels) {
		this.view = view;
		this.cancels = cancels;
	}

	@GetMapping(path = "/msk-producer/batches/{id}", produces = MediaType.TEXT_HTML_VALUE)
	String page(@PathVariable String id, @RequestParam(name = "after", required = false) String after, Model model) {
		BatchSummary batch = find(id);
		List<JobHistory> jobs = this.view.jobsOf(id, after, PAGE);
		model.addAttribute("batch", batch);
		model.addAttribute("jobs", jobs);
		model.addAttribute("next", (jobs.size() == PAGE) ? jobs.get(jobs.size() - 1).key() : null);
		return "batch";
	}

	@GetMapping(path = "/msk-producer/batches/{id}")
	@ResponseBody
	Map<String, Object> json(@PathVariable String id, @RequestParam(name = "after", required = false) String after) {
		BatchSummary batch = find(id);
		List<JobHistory> jobs = this.view.jobsOf(id, after, PAGE);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", batch.id());
		body.put("topic", batch.topic());
		body.put("state", batch.stateText());
		body.put("sent", batch.sent());
		body.put("queued", batch.queued());
		body.put("running", batch.running());
		body.put("done", batch.done());
		body.put("deadLettered", batch.deadLettered());
		body.put("cancelled", batch.cancelled());
		body.put("cancellation", (batch.cancellation() != null) ? cancellation(batch.cancellation()) : null);
		body.put("jobs",
				jobs.stream()
					.map((job) -> Map.of("key", job.key(), "state", job.state().wireName(), "url",
							"/msk-producer/jobs/" + job.key()))
					.toList());
		body.put("nextJobs", (jobs.size() == PAGE)
				? "/msk-producer/batches/" + id + "?after=" + jobs.get(jobs.size() - 1).key() : null);
		return body;
	}

	@PostMapping(path = "/msk-producer/batches/{id}/cancel", produces = MediaType.TEXT_HTML_VALUE)
	String cancelFromBrowser(@PathVariable String id,
			@RequestParam(name = "interrupt_running", defaultValue = "false") boolean interruptRunning) {
		find(id);
		BatchCancellation cancellation = this.cancels.cancel(id, interruptRunning);
		// The batch page shows the cancellation once this task's job view has read it
		// back: the page the browser is sent to should confirm it.
		ReadBack.within(READ_BACK,
				() -> this.view.batch(id)
					.map(BatchSummary::cancellation)
					.filter((seen) -> !seen.at().isBefore(cancellation.at())));
		return "redirect:/msk-producer/batches/" + id;
	}

	@PostMapping(path = "/msk-producer/batches/{id}/cancel")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable String id,
			@RequestParam(name = "interrupt_running", defaultValue = "false") boolean interruptRunning) {
		find(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(cancellation(this.cancels.cancel(id, interruptRunning)));
	}

	private static Map<String, Object> cancellation(BatchCancellation cancellation) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("batch", cancellation.batch());
		body.put("at", cancellation.at().toString());
		body.put("interruptRunning", cancellation.interruptRunning());
		return body;
	}

	private BatchSummary find(String id) {
		JobKeys.problem(id).ifPresent((problem) -> {
			throw new Problem.Refusal(
					Problem.of(HttpStatus.BAD_REQUEST, "Not a batch id", problem.replace("key", "id")));
		});
		this.view.requireReady();
		return this.view.batch(id)
			.orElseThrow(() -> new Problem.Refusal(Problem.of(HttpStatus.NOT_FOUND, "No such batch",
					"no batch with id '" + id + "' has jobs on " + this.view.workTopic() + " in the last "
							+ this.view.retention() + ": check the id (the form's answer lists it)")));
	}

}
