package com.example.mskqueue.producer;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Real HTTP to the producer under test, through spring-test's {@link RestTestClient} on
 * the JDK's client, which shows every answer as sent (Apache HttpClient would retry a 503
 * by itself).
 */
public final class Http {

	private Http() {
	}

	public static RestTestClient to(int port) {
		return RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + port)
			.build();
	}

}
