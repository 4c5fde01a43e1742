package com.example.mskqueue.producer.batches;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.BatchCancellation;
import com.example.mskqueue.contract.QueueTopics;
import com.example.mskqueue.producer.ProducerProperties;
import com.example.mskqueue.producer.web.Problem;

/**
 * Cancels batches: writes the cancellation to the work topic's control topic, which every
 * consumer follows (and reads whole when it starts), and returns once the cluster has
 * stored it.
 */
@Component
class BatchCancels {

	private static final Logger log = LoggerFactory.getLogger(BatchCancels.class);

	private static final long TIMEOUT_SECONDS = 20;

	private final KafkaTemplate<String, String> template;

	private final String controlTopic;

	private final Clock clock = Clock.systemUTC();

	BatchCancels(KafkaTemplate<String, String> template, ProducerProperties jobs) {
		this.template = template;
		this.controlTopic = QueueTopics.controlTopicOf(jobs.topic());
	}

	BatchCancellation cancel(String batch, boolean interruptRunning) {
		BatchCancellation cancellation = new BatchCancellation(batch, this.clock.instant(), interruptRunning);
		try {
			this.template
				.send(new ProducerRecord<>(this.controlTopic, cancellation.key(),
						new String(cancellation.toJson(), StandardCharsets.UTF_8)))
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			log.warn("Could not cancel batch {}: {}", batch, cause.toString());
			throw new Problem.Refusal(
					Problem.unavailable("Not cancelled", "the cluster did not store the cancellation ("
							+ cause.getMessage() + "); nothing changed, try " + "again", 5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Problem.Refusal(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Not cancelled", "interrupted"));
		}
		log.info("Batch {} cancelled{}", batch, interruptRunning ? ", running jobs interrupted" : "");
		return cancellation;
	}

}
