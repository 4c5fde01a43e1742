package com.example.mskqueue.producer.status;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The queue's status page, under the prefix the ALB forwards:
 * {@code /msk-producer/status}, rendered on the server with the newest figures; its
 * script swaps in {@code /msk-producer/status/panel} every two seconds.
 * {@code /msk-producer/status.json} is the same view as JSON.
 */
@Controller
class StatusController {

	private final StatusService status;

	StatusController(StatusService status) {
		this.status = status;
	}

	@GetMapping("/msk-producer/status")
	String page(Model model) {
		model.addAttribute("status", this.status.status());
		return "status";
	}

	@GetMapping("/msk-producer/status/panel")
	String panel(Model model) {
		model.addAttribute("status", this.status.status());
		return "status :: panel";
	}

	@GetMapping(path = "/msk-producer/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	StatusView json() {
		return this.status.status();
	}

}
