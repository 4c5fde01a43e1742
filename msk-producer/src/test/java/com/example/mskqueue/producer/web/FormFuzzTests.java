package com.example.mskqueue.producer.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.mskqueue.contract.ContractCases;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.producer.ProducerTest;
import com.example.mskqueue.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz of the send endpoint over real HTTP: random field names (known, unknown,
 * nested, indexed), values from the contract's table and worse, broken percent-encodings,
 * charsets and content types. No answer may be a server error, and no topic may appear
 * that a request answered 200 did not ask for.
 */
@ProducerTest
class FormFuzzTests {

	static final long SEED = 20261130L;

	static final int REQUESTS = 1200;

	static final List<String> NAMES = List.of("num", "topic", "partition_num", "num.x", "topic.x", "num[0]",
			"topic[0].name", "partitionNum", "partition_num.x", "class.module.classLoader", "nUm", "", "num ", "%6Eum",
			"n%FFm", "x", "a.b.c.d", "num[]", "topic[x]");

	static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
			"application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded; charset=ISO-8859-1",
			"application/x-www-form-urlencoded; charset=bogus", "application/x-www-form-urlencoded; charset=",
			"multipart/form-data; boundary=fuzz", "multipart/form-data", "text/plain", "application/json",
			"application/octet-stream", ";;;", "");

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void noRandomFormBodyGetsAServerErrorOrCreatesATopicItWasNotAskedFor() throws Exception {
		Random random = new Random(SEED);
		Set<String> before = TestBroker.topicNames();
		Set<String> askedFor = new HashSet<>();
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> serverErrors = new ArrayList<>();

		for (int i = 0; i < REQUESTS; i++) {
			List<String[]> fields = fields(random);
			String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
			byte[] body = contentType.startsWith("multipart") ? multipart(fields, random) : urlEncoded(fields, random);
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/msk-producer-send"))
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			if (!contentType.isEmpty()) {
				request.header("Content-Type", contentType);
			}
			if (random.nextInt(4) == 0) {
				request.header("Accept", "text/html");
			}
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			statuses.merge(response.statusCode(), 1, Integer::sum);
			if (response.statusCode() >= 500) {
				serverErrors.add(response.statusCode() + " for " + contentType + " "
						+ new String(body, StandardCharsets.ISO_8859_1));
			}
			if (response.statusCode() == 200) {
				fields.stream().filter((field) -> field[0].equals("topic")).forEach((field) -> askedFor.add(field[1]));
				askedFor.add("watched-jobs");
			}
		}

		assertThat(serverErrors).as("statuses %s", statuses).isEmpty();
		Set<String> created = new HashSet<>(TestBroker.topicNames());
		created.removeAll(before);
		// The watched topic's lifecycle and control topics are the producer's own, made
		// at its start.
		created.removeAll(List.of(QueueTopics.lifecycleTopicOf(ProducerTest.TOPIC),
				QueueTopics.controlTopicOf(ProducerTest.TOPIC)));
		assertThat(created).allSatisfy((topic) -> assertThat(askedFor).as("statuses %s", statuses)
			.contains(topic.endsWith("-dlt") ? topic.substring(0, topic.length() - 4) : topic));
		assertThat(statuses.keySet()).as("some requests were valid").contains(200);
	}

	private static List<String[]> fields(Random random) {
		List<String[]> fields = new ArrayList<>();
		int count = random.nextInt(5);
		for (int i = 0; i < count; i++) {
			fields.add(new String[] { NAMES.get(random.nextInt(NAMES.size())), value(random) });
		}
		if (random.nextInt(3) == 0) {
			fields.add(new String[] { "num", Integer.toString(1 + random.nextInt(3)) });
			fields.add(new String[] { "topic", "fuzz-" + random.nextInt(4) });
		}
		return fields;
	}

	private static String value(Random random) {
		List<ContractCases.Case> cases = ContractCases.all();
		return switch (random.nextInt(4)) {
			case 0 -> {
				String text = cases.get(random.nextInt(cases.size())).text();
				yield (text != null && text.length() < 1000) ? text : "";
			}
			case 1 -> "fuzz-" + random.nextInt(4);
			case 2 -> Integer.toString(random.nextInt(2000) - 100);
			default -> {
				StringBuilder text = new StringBuilder();
				for (int i = random.nextInt(12); i > 0; i--) {
					text.append((char) random.nextInt(0x250));
				}
				yield text.toString();
			}
		};
	}

	private static byte[] urlEncoded(List<String[]> fields, Random random) {
		StringBuilder body = new StringBuilder();
		for (String[] field : fields) {
			if (!body.isEmpty()) {
				body.append('&');
			}
			body.append(encode(field[0], random)).append('=').append(encode(field[1], random));
		}
		if (random.nextInt(6) == 0) {
			body.append(
					List.of("%", "%G1", "%zz", "&%C3%28", "&=&&=", "%FF", "+%2", "&num=%E2%80").get(random.nextInt(8)));
		}
		return body.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String encode(String text, Random random) {
		if (random.nextInt(5) == 0) {
			return text.replace("&", "%26");
		}
		return java.net.URLEncoder.encode(text,
				(random.nextInt(4) == 0) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
	}

	private static byte[] multipart(List<String[]> fields, Random random) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (String[] field : fields) {
			body.writeBytes(
					("--fuzz\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
						.getBytes(StandardCharsets.UTF_8));
		}
		if (random.nextInt(3) > 0) {
			body.writeBytes("--fuzz--\r\n".getBytes(StandardCharsets.UTF_8));
		}
		return body.toByteArray();
	}

}
