package com.example.mskqueue.producer.web;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;

/**
 * Requests whose body cannot be read as a form are the client's error, answered 4xx with
 * what to fix and logged as one WARN line: a multipart body that cannot be parsed (no
 * boundary, cut off), and a form over the server's size limit, which Tomcat reports as an
 * exception when the parameters are first read.
 */
@RestControllerAdvice
class UnreadableRequests {

	@ExceptionHandler
	ResponseEntity<String> unreadableMultipart(MultipartException ex) {
		return answer(HttpStatus.BAD_REQUEST, "the multipart body could not be read ("
				+ ex.getMostSpecificCause().getMessage() + "); send the form as application/x-www-form-urlencoded");
	}

	@ExceptionHandler
	ResponseEntity<String> unreadableParameters(InvalidParameterException ex) {
		HttpStatus status = HttpStatus.resolve(ex.getErrorCode());
		if (status == null || !status.is4xxClientError()) {
			status = HttpStatus.BAD_REQUEST;
		}
		return answer(status, (status == HttpStatus.CONTENT_TOO_LARGE)
				? "the form is larger than this server accepts; it has three small fields: num, topic, partition_num"
				: "the form's fields could not be read: " + ex.getMessage());
	}

	/** Spring logs each as one WARN line ({@code spring.mvc.log-resolved-exception}). */
	private static ResponseEntity<String> answer(HttpStatus status, String problem) {
		return ResponseEntity.status(status)
			.contentType(MediaType.TEXT_PLAIN)
			.body("Nothing was sent\n" + problem + "\n");
	}

}
