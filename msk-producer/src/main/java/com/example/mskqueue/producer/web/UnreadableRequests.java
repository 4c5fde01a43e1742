package com.example.mskqueue.producer.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;

/**
 * Requests whose body cannot be read as a form are the client's error, answered 4xx in
 * the product's words (the problem page for browsers, plain text for scripts) with what
 * to fix, and logged as one WARN line: a multipart body that cannot be parsed (no
 * boundary, cut off), a form with more fields than the server reads, and a form over the
 * server's size limit, both of which Tomcat reports as an exception when the parameters
 * are first read. Tomcat's own wording never reaches the client.
 */
@ControllerAdvice
class UnreadableRequests {

	/** What Tomcat says when a request has more fields than it reads. */
	private static final String TOO_MANY_FIELDS = "maximum number of request parameters";

	@ExceptionHandler
	Object unreadableMultipart(MultipartException ex, HttpServletRequest request) {
		return answer(request, HttpStatus.BAD_REQUEST, "the multipart body could not be read ("
				+ ex.getMostSpecificCause().getMessage() + "); send the form as application/x-www-form-urlencoded");
	}

	@ExceptionHandler
	Object unreadableParameters(InvalidParameterException ex, HttpServletRequest request) {
		HttpStatus status = HttpStatus.resolve(ex.getErrorCode());
		if (status == null || !status.is4xxClientError()) {
			status = HttpStatus.BAD_REQUEST;
		}
		String problem;
		if (status == HttpStatus.CONTENT_TOO_LARGE) {
			problem = "the form is larger than this server accepts; it has three small fields: num, topic, "
					+ "partition_num";
		}
		else if (ex.getMessage() != null && ex.getMessage().contains(TOO_MANY_FIELDS)) {
			problem = "the form has more fields than this server reads (1000); it has three: num, topic, "
					+ "partition_num";
		}
		else {
			problem = "the form's fields could not be read (bad encoding or a broken body); send num, topic and "
					+ "partition_num as application/x-www-form-urlencoded";
		}
		return answer(request, status, problem);
	}

	/**
	 * The problem page for a browser, plain text for a script; Spring logs each as one
	 * WARN line ({@code spring.mvc.log-resolved-exception}).
	 */
	private static Object answer(HttpServletRequest request, HttpStatus status, String problem) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
			return Problem.of(status, "Nothing was sent", problem).page();
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.TEXT_PLAIN)
			.body("Nothing was sent\n" + problem + "\n");
	}

}
