package com.example.mskqueue.system.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.mskqueue.local.FreePorts;
import com.example.mskqueue.local.JavaProcess;

import static org.awaitility.Awaitility.await;

/**
 * The real producer jar in a JVM of its own on a free port, and real HTTP to it: the
 * form's endpoint, the status page's JSON, any other path.
 */
public final class ProducerProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JavaProcess process;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ProducerProcess(JavaProcess process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Start it against {@code bootstrapServers} with these extra environment variables,
	 * and wait until its health check answers.
	 */
	public static ProducerProcess start(Path log, String bootstrapServers, Map<String, String> env) throws IOException {
		int port = FreePorts.next();
		Map<String, String> all = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers));
		all.putAll(env);
		ProducerProcess producer = new ProducerProcess(JavaProcess.start("msk-producer",
				ServiceJar.producer().command(), List.of("--server.port=" + port), all, log), port, log);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
			if (!producer.process.isAlive()) {
				throw new IllegalStateException("The producer exited during startup; see " + log);
			}
			return producer.get("/msk-producer-healthCheck").statusCode() == 200;
		});
		return producer;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public JavaProcess process() {
		return this.process;
	}

	/** Its log file. */
	public Path log() {
		return this.log;
	}

	/** POST a form body to the send endpoint, as curl does. */
	public HttpResponse<String> send(String form) throws IOException, InterruptedException {
		return this.http.send(sendRequest(form), HttpResponse.BodyHandlers.ofString());
	}

	/** The same, without waiting for the answer. */
	public CompletableFuture<HttpResponse<String>> sendAsync(String form) {
		return this.http.sendAsync(sendRequest(form), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** POST a form body to {@code path}, with these extra headers (a browser's, say). */
	public HttpResponse<String> post(String path, String form, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The JSON a page answers scripts with, or {@code null} if it did not answer 200. */
	public JsonNode json(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path);
		return (response.statusCode() == 200) ? json.readTree(response.body()) : null;
	}

	/** The status page's figures ({@code /msk-producer/status.json}). */
	public JsonNode status() throws IOException, InterruptedException {
		return json.readTree(get("/msk-producer/status.json").body());
	}

	private HttpRequest sendRequest(String form) {
		return HttpRequest.newBuilder(uri("/msk-producer-send"))
			.timeout(Duration.ofMinutes(2))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** SIGTERM, then SIGKILL if it has not exited within 30 s. */
	@Override
	public void close() {
		this.process.close();
	}

}
