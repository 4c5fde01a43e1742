package com.example.mskqueue.producer.web;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses writes that a browser makes on behalf of another site (cross-site request
 * forgery): a POST, PUT, PATCH or DELETE is answered 403 when the browser says it comes
 * from another site ({@code Sec-Fetch-Site: cross-site} or {@code same-site}), or, from a
 * browser too old to say, when its {@code Origin} names another host than the one it was
 * sent to. This is the check of the Fetch Metadata and origin headers that OWASP's CSRF
 * guidance describes; every browser this project supports sends them. Requests that carry
 * neither header come from scripts (curl), which no other site can make a browser send,
 * and pass.
 */
@Component
class CrossSiteWriteGuard extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CrossSiteWriteGuard.class);

	static final String FETCH_SITE = "Sec-Fetch-Site";

	private static final Set<String> WRITES = Set.of(HttpMethod.POST.name(), HttpMethod.PUT.name(),
			HttpMethod.PATCH.name(), HttpMethod.DELETE.name());

	/** What a browser says of a request that its user made here, or typed in. */
	private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String refusal = WRITES.contains(request.getMethod()) ? refusal(request) : null;
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		log.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), refusal);
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.TEXT_PLAIN_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("Refused: nothing was changed\n" + refusal
					+ ". Use this service's own pages, or call it from a script (curl).\n");
	}

	private static String refusal(HttpServletRequest request) {
		String site = request.getHeader(FETCH_SITE);
		if (site != null) {
			return OWN_SITE.contains(site) ? null
					: "the browser says this request comes from another site (" + FETCH_SITE + ": " + site + ")";
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return null;
		}
		String host = request.getHeader(HttpHeaders.HOST);
		String originHost = hostOf(origin);
		return (originHost != null && originHost.equalsIgnoreCase(host)) ? null
				: "the request comes from another site (Origin: " + origin + ", not " + host + ")";
	}

	/**
	 * {@code host[:port]} of an origin, or {@code null} for "null" or a malformed one.
	 */
	private static String hostOf(String origin) {
		try {
			URI uri = URI.create(origin);
			if (uri.getHost() == null) {
				return null;
			}
			return (uri.getPort() == -1) ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
