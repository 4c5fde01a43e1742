package com.example.mskqueue.producer.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

import com.example.mskqueue.contract.JobValue;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.sending.JobSender;
import com.example.mskqueue.producer.sending.JobsNotAcknowledgedException;
import com.example.mskqueue.producer.sending.SentBatch;
import com.example.mskqueue.producer.sending.TopicRefusedException;

/**
 * The job form and its submission. Every route starts with {@code /msk-producer}, the
 * path the ALB forwards here. Browsers get pages; other clients (curl, scripts) get plain
 * text whose first line is the outcome, such as {@code Messages sent: 20}.
 * <ul>
 * <li>200: every job is acknowledged by the cluster.</li>
 * <li>400: the request broke a rule (each problem says what to fix); nothing was created
 * or sent.</li>
 * <li>503 with {@code Retry-After}: the cluster is out of reach; the answer says how many
 * jobs it acknowledged before that.</li>
 * </ul>
 */
@Controller
class SendJobsController {

	private static final Logger log = LoggerFactory.getLogger(SendJobsController.class);

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
	String redirectToForm() {
		return "redirect:/msk-producer-index.html";
	}

	@GetMapping("/msk-producer-index.html")
	String form(Model model) {
		model.addAttribute("topic", this.properties.topic());
		model.addAttribute("partitions", this.properties.newTopicPartitions());
		model.addAttribute("maxJobs", this.properties.maxJobsPerRequest());
		model.addAttribute("maxPartitions", this.properties.maxPartitions());
		model.addAttribute("mode", this.properties.consumerMode().name().toLowerCase());
		model.addAttribute("longestJob", JobValue.MAX_SECONDS);
		return "form";
	}

	/** Browsers ask for HTML, and get a page. */
	@PostMapping(path = "/msk-producer-send", produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView sendFromBrowser(@RequestParam MultiValueMap<String, String> fields,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
		Answer answer = send(fields, contentType);
		ModelAndView page = new ModelAndView((answer.status() == HttpStatus.OK) ? "sent" : "problem", answer.status());
		page.addObject("outcome", answer.title());
		page.addObject("details", answer.lines());
		page.addObject("batch", answer.batch());
		return page;
	}

	/** curl and scripts get plain text, the outcome on the first line. */
	@PostMapping("/msk-producer-send")
	@ResponseBody
	ResponseEntity<String> sendFromScript(@RequestParam MultiValueMap<String, String> fields,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
		Answer answer = send(fields, contentType);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status()).contentType(MediaType.TEXT_PLAIN);
		if (answer.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
		}
		return response.body(answer.title() + "\n" + String.join("\n", answer.lines()) + "\n");
	}

	private Answer send(MultiValueMap<String, String> fields, String contentType) {
		if (isDocument(contentType)) {
			log.warn("Answered 415, nothing sent: a {} body", contentType);
			return new Answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Nothing was sent",
					List.of("the body is " + contentType.split(";")[0].strip() + "; send the form as "
							+ "application/x-www-form-urlencoded (curl -d num=5), with the fields num, topic and "
							+ "partition_num"),
					null);
		}
		SendRequestRules.Checked checked = this.rules.check(SendJobsForm.of(fields));
		if (!checked.passed()) {
			return refused(checked.problems());
		}
		SendJobsRequest request = checked.request();
		try {
			SentBatch batch = this.sender.send(request.topic(), request.num(), request.partitionNum());
			return new Answer(HttpStatus.OK, "Messages sent: " + batch.acknowledged(),
					describe(batch, request, this.properties), batch);
		}
		catch (TopicRefusedException ex) {
			return refused(List.of(ex.getMessage()));
		}
		catch (JobsNotAcknowledgedException ex) {
			log.warn("Answered 503: {} of {} jobs acknowledged: {}", ex.acknowledged(), ex.requested(),
					ex.getMessage());
			List<String> details = new ArrayList<>();
			if (ex.unconfirmed() > 0) {
				details.add(ex.unconfirmed() + " jobs were sent but the cluster did not confirm them: they may still "
						+ "be stored once it recovers, so sending them again may run some of them twice.");
			}
			if (ex.notStored() > 0) {
				details.add(ex.notStored() + " jobs are not on the topic; send them again later.");
			}
			details.add("Reason: " + ex.getMessage());
			return new Answer(HttpStatus.SERVICE_UNAVAILABLE,
					"Kafka unavailable: " + ex.acknowledged() + " of " + ex.requested() + " sent", details, null);
		}
	}

	/** A JSON or XML body: a document, where the endpoint reads form fields. */
	private static boolean isDocument(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			String subtype = type.getSubtype();
			return subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("xml")
					|| subtype.endsWith("+xml");
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static Answer refused(List<String> problems) {
		log.warn("Answered 400, nothing sent: {}", problems);
		return new Answer(HttpStatus.BAD_REQUEST, "Nothing was sent", problems, null);
	}

	private static List<String> describe(SentBatch batch, SendJobsRequest request, ProducerProperties properties) {
		int count = batch.topic().partitions();
		String counted = count + ((count == 1) ? " partition" : " partitions");
		String partitions;
		if (batch.topic().createdNow()) {
			partitions = "created with " + counted;
		}
		else if (!request.partitionNumGiven() || count == request.partitionNum()) {
			partitions = "existing topic with " + counted;
		}
		else {
			partitions = "existing topic with " + counted + "; partition_num=" + request.partitionNum()
					+ " applies only to new topics";
		}
		String progress = batch.topic().name().equals(properties.topic())
				? "progress: /msk-producer/batches/" + batch.batchId()
				: "not followed here: the job pages follow " + properties.topic() + " only";
		return List.of("Topic: " + batch.topic().name() + " (" + partitions + ")",
				"Batch: " + batch.batchId() + " (" + progress + ")");
	}

	/**
	 * What to answer, in either form.
	 *
	 * @param status the HTTP status
	 * @param title the outcome, the first line
	 * @param lines the details
	 * @param batch the batch sent, or {@code null}
	 */
	private record Answer(HttpStatus status, String title, List<String> lines, SentBatch batch) {
	}

}
