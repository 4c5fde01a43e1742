package com.example.mskqueue.producer.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a {@link Problem.Refusal} as the request asked: the problem page for a browser
 * (its {@code Accept} names HTML), JSON for anything else.
 */
@ControllerAdvice
class ProblemAnswers {

	@ExceptionHandler
	Object refused(Problem.Refusal refusal, HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		boolean browser = accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
		return browser ? refusal.problem().page() : refusal.problem().json();
	}

}
