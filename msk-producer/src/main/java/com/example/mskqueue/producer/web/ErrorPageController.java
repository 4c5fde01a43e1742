package com.example.mskqueue.producer.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;

/**
 * Boot's error pages (the {@code error} template for browsers, JSON for others), except
 * that a request for the error path itself, which carries no error, is a 404 rather than
 * Boot's 500.
 */
class ErrorPageController extends BasicErrorController {

	ErrorPageController(ErrorAttributes errorAttributes, ErrorProperties errorProperties,
			List<ErrorViewResolver> resolvers) {
		super(errorAttributes, errorProperties, resolvers);
	}

	@Override
	protected HttpStatus getStatus(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			return HttpStatus.NOT_FOUND;
		}
		return super.getStatus(request);
	}

	/**
	 * A direct request for the error path is a request for a page that does not exist.
	 */
	@Override
	protected Map<String, Object> getErrorAttributes(HttpServletRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			attributes.put("status", HttpStatus.NOT_FOUND.value());
			attributes.put("error", HttpStatus.NOT_FOUND.getReasonPhrase());
			attributes.put("path", request.getRequestURI());
		}
		return attributes;
	}

}
