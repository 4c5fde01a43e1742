package com.example.mskqueue.producer.deadletters;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

import com.example.mskqueue.contract.WholeNumber;
import com.example.mskqueue.producer.jobs.JobKeys;
import com.example.mskqueue.producer.jobs.JobView;
import com.example.mskqueue.producer.web.Problem;
import com.example.mskqueue.producer.web.ReadBack;

/**
 * The dead letters and their redrives, pages for browsers and JSON for scripts:
 * <ul>
 * <li>{@code GET /msk-producer/dead-letters} (filters {@code reason}, {@code batch};
 * {@code before} to page on), newest first;</li>
 * <li>{@code POST /msk-producer/dead-letters/redrive} ({@code reason}, {@code batch},
 * {@code keys}, {@code max}, {@code rate} in jobs per second, {@code include_invalid}):
 * {@code 202} and the redrive's id;</li>
 * <li>{@code GET /msk-producer/dead-letters/redrives/{id}}: {@code state}, {@code moved},
 * {@code toMove};</li>
 * <li>{@code POST /msk-producer/dead-letters/redrives/{id}/cancel}.</li>
 * </ul>
 */
@Controller
class DeadLetterController {

	/** Dead letters listed per page. */
	static final int PAGE = 50;

	/** How long a redrive asked for on another task may take to be read back here. */
	static final Duration READ_BACK = Duration.ofSeconds(5);

	/** The highest rate a redrive may ask for, in jobs per second. */
	static final int MAX_RATE = 1000;

	private final DeadLetterIndex index;

	private final Redrives redrives;

	private final JobView view;

	DeadLetterController(DeadLetterIndex index, Redrives redrives, JobView view) {
		this.index = index;
		this.redrives = redrives;
		this.view = view;
	}

	@GetMapping(path = "/msk-producer/dead-letters", produces = MediaType.TEXT_HTML_VALUE)
	String page(@RequestParam(name = "reason", required = false) String reason,
			@RequestParam(name = "batch", required = false) String batch,
			@RequestParam(name = "before", required = false) String before, Model model) {
		List<Map<String, Object>> rows = rows(reason, batch, before);
		model.addAttribute("deadLetters", rows);
		model.addAttribute("reason", reason);
		model.addAttribute("batch", batch);
		model.addAttribute("next", (rows.size() == PAGE) ? rows.get(rows.size() - 1).get("position") : null);
		List<String> newestFirst = new java.util.ArrayList<>(this.index.requests().keySet());
		java.util.Collections.reverse(newestFirst);
		model.addAttribute("redrives",
				newestFirst.stream().limit(10).map((id) -> this.redrives.status(id).orElseThrow()).toList());
		return "dead-letters";
	}

	@GetMapping(path = "/msk-producer/dead-letters")
	@ResponseBody
	Map<String, Object> json(@RequestParam(name = "reason", required = false) String reason,
			@RequestParam(name = "batch", required = false) String batch,
			@RequestParam(name = "before", required = false) String before) {
		List<Map<String, Object>> rows = rows(reason, batch, before);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("deadLetters", rows);
		body.put("next",
				(rows.size() == PAGE) ? "/msk-producer/dead-letters?before=" + rows.get(rows.size() - 1).get("position")
						+ ((reason != null) ? "&reason=" + reason : "") + ((batch != null) ? "&batch=" + batch : "")
						: null);
		return body;
	}

	@PostMapping(path = "/msk-producer/dead-letters/redrive", produces = MediaType.TEXT_HTML_VALUE)
	String redriveFromBrowser(@RequestParam Map<String, String> fields) {
		return "redirect:/msk-producer/dead-letters/redrives/" + this.redrives.request(filter(fields)).id();
	}

	@PostMapping(path = "/msk-producer/dead-letters/redrive")
	ResponseEntity<Map<String, Object>> redrive(@RequestParam Map<String, String> fields) {
		RedriveRecords.Request request = this.redrives.request(filter(fields));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(status(this.redrives.status(request.id())
				.orElseGet(() -> new Redrives.RedriveStatus(request, "requested", 0, request.positions().size()))));
	}

	@GetMapping(path = "/msk-producer/dead-letters/redrives/{id}", produces = MediaType.TEXT_HTML_VALUE)
	String redrivePage(@PathVariable String id, Model model) {
		model.addAttribute("redrive", find(id));
		return "redrive";
	}

	@GetMapping(path = "/msk-producer/dead-letters/redrives/{id}")
	@ResponseBody
	Map<String, Object> redriveJson(@PathVariable String id) {
		return status(find(id));
	}

	@PostMapping(path = "/msk-producer/dead-letters/redrives/{id}/cancel", produces = MediaType.TEXT_HTML_VALUE)
	String cancelFromBrowser(@PathVariable String id) {
		find(id);
		this.redrives.cancel(id);
		return "redirect:/msk-producer/dead-letters/redrives/" + id;
	}

	@PostMapping(path = "/msk-producer/dead-letters/redrives/{id}/cancel")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable String id) {
		find(id);
		this.redrives.cancel(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(find(id)));
	}

	private List<Map<String, Object>> rows(String reason, String batch, String before) {
		this.view.requireReady();
		text("reason", reason);
		text("batch", batch);
		Redrives.RedriveFilter filter = new Redrives.RedriveFilter(blankToNull(reason), blankToNull(batch), Set.of(),
				Optional.empty(), Optional.empty(), true);
		return this.index.page(filter.predicate(), blankToNull(before), PAGE).stream().map((deadLetter) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("key", deadLetter.key());
			row.put("value", deadLetter.value());
			row.put("valueBytes", deadLetter.valueBytes());
			row.put("reason", deadLetter.reason());
			row.put("tries", deadLetter.tries());
			row.put("at", deadLetter.at().toString());
			row.put("batch", deadLetter.batch());
			row.put("redrives", deadLetter.redrives());
			row.put("redriven", this.index.redriven(deadLetter));
			row.put("position", deadLetter.position());
			row.put("breaksContract", deadLetter.breaksContract());
			return row;
		}).toList();
	}

	private Redrives.RedriveStatus find(String id) {
		this.view.requireReady();
		JobKeys.problem(id).ifPresent((problem) -> {
			throw new Problem.Refusal(
					Problem.of(HttpStatus.BAD_REQUEST, "Not a redrive id", problem.replace("key", "id")));
		});
		// Another producer task may have asked for it a moment ago: give this task's
		// index a few seconds to read it back before calling it unknown.
		Optional<Redrives.RedriveStatus> status = ReadBack.within(READ_BACK, () -> this.redrives.status(id));
		return status.orElseThrow(() -> new Problem.Refusal(Problem.of(HttpStatus.NOT_FOUND, "No such redrive",
				"no redrive with id '" + id + "' was asked for in the last " + this.view.retention())));
	}

	private static Map<String, Object> status(Redrives.RedriveStatus status) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", status.request().id());
		body.put("state", status.state());
		body.put("moved", status.moved());
		body.put("toMove", status.toMove());
		body.put("rate", status.request().rate());
		body.put("filters", status.request().filters());
		body.put("requestedAt", status.request().at().toString());
		body.put("refused",
				status.request()
					.refused()
					.stream()
					.map((refusal) -> Map.of("key", String.valueOf(refusal.key()), "position", refusal.position(),
							"why", refusal.why()))
					.toList());
		body.put("url", "/msk-producer/dead-letters/redrives/" + status.request().id());
		return body;
	}

	private Redrives.RedriveFilter filter(Map<String, String> fields) {
		this.view.requireReady();
		String reason = text("reason", fields.get("reason"));
		String batch = text("batch", fields.get("batch"));
		Set<String> keys = Arrays.stream(String.valueOf(fields.getOrDefault("keys", "")).split("[\\s,]+"))
			.filter((key) -> !key.isBlank())
			.peek((key) -> text("keys", key))
			.collect(Collectors.toSet());
		Optional<Integer> max = number("max", fields.get("max"), 1, Integer.MAX_VALUE);
		Optional<Integer> rate = number("rate", fields.get("rate"), 1, MAX_RATE);
		String include = fields.get("include_invalid");
		return new Redrives.RedriveFilter(reason, batch, keys, max, rate,
				include != null && (include.equals("true") || include.equals("on")));
	}

	private static String text(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		JobKeys.problem(value).ifPresent((problem) -> {
			throw new Problem.Refusal(Problem.of(HttpStatus.BAD_REQUEST, "Not redriven",
					field + ": " + problem.replace("the key", "the value")));
		});
		return value.strip();
	}

	private static Optional<Integer> number(String field, String value, int min, int max) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		try {
			java.math.BigInteger parsed = WholeNumber.parse(value);
			if (parsed.compareTo(java.math.BigInteger.valueOf(min)) < 0
					|| parsed.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
				throw new IllegalArgumentException();
			}
			return Optional.of(parsed.intValue());
		}
		catch (RuntimeException ex) {
			throw new Problem.Refusal(Problem.of(HttpStatus.BAD_REQUEST, "Not redriven",
					field + " must be a whole number from " + min + " to " + max));
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
