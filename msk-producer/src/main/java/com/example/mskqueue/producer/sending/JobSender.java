package com.example.mskqueue.producer.sending;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

import com.example.mskqueue.contract.JobHeaders;
import com.example.mskqueue.contract.JobValue;

/**
 * Sends batches of jobs. A job's key is a random UUID and its value the seconds of work
 * it stands for, a random whole number from {@link JobValue#MIN_SECONDS} to
 * {@link JobValue#MAX_SECONDS}, written as the job contract says.
 * <p>
 * A batch returns only once the cluster has acknowledged every job ({@code acks=all}); if
 * it did not, {@link JobsNotAcknowledgedException} says how many it did acknowledge.
 */
@Service
public class JobSender {

	private static final Logger log = LoggerFactory.getLogger(JobSender.class);

	private final KafkaTemplate<String, String> template;

	private final TopicProvisioner topics;

	private final RandomGenerator random = RandomGenerator.getDefault();

	private final SendActivity activity;

	JobSender(KafkaTemplate<String, String> template, TopicProvisioner topics, SendActivity activity) {
		this.template = template;
		this.topics = topics;
		this.activity = activity;
	}

	/**
	 * Send {@code count} random jobs to {@code topic}, creating it with
	 * {@code partitionsIfNew} partitions if it does not exist yet.
	 * @return the batch, once every job is acknowledged
	 * @throws TopicRefusedException if the topic cannot be created as asked; nothing was
	 * sent
	 * @throws JobsNotAcknowledgedException if the cluster did not acknowledge them all
	 */
	public SentBatch send(String topic, int count, int partitionsIfNew) {
		this.activity.started();
		try {
			return sendBatch(topic, count, partitionsIfNew);
		}
		finally {
			this.activity.ended();
		}
	}

	private SentBatch sendBatch(String topic, int count, int partitionsIfNew) {
		WorkTopic workTopic;
		try {
			workTopic = this.topics.ensureExists(topic, partitionsIfNew);
		}
		catch (BrokerUnavailableException ex) {
			throw new JobsNotAcknowledgedException(0, 0, count, ex.getMessage(), ex);
		}
		String batchId = UUID.randomUUID().toString();
		byte[] batchHeader = batchId.getBytes(StandardCharsets.UTF_8);
		List<CompletableFuture<SendResult<String, String>>> pending = new ArrayList<>(count);
		Throwable failure = null;
		for (int i = 0; i < count && failure == null; i++) {
			try {
				ProducerRecord<String, String> job = new ProducerRecord<>(topic, UUID.randomUUID().toString(),
						JobValue.of(this.random.nextInt(JobValue.MIN_SECONDS, JobValue.MAX_SECONDS + 1)));
				job.headers().add(JobHeaders.BATCH_ID, batchHeader);
				CompletableFuture<SendResult<String, String>> sent = this.template.send(job);
				pending.add(sent);
				// A send that failed at once (metadata not available within max.block.ms)
				// means the cluster is out of reach: stop rather than wait max.block.ms
				// for every other job.
				if (sent.isCompletedExceptionally()) {
					failure = causeOf(sent);
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		int acknowledged = 0;
		int unconfirmed = 0;
		for (CompletableFuture<SendResult<String, String>> sent : pending) {
			try {
				sent.join();
				acknowledged++;
			}
			catch (CompletionException ex) {
				failure = (failure != null) ? failure : ex.getCause();
				if (outcomeUnknown(ex.getCause())) {
					unconfirmed++;
				}
			}
		}
		if (acknowledged < count) {
			// A timeout after retries hides why the brokers refused the writes; too few
			// in-sync replicas is the one reason the cluster can still tell.
			Throwable cause = failure;
			String why = this.topics.inSyncShortfall(topic).orElseGet(() -> rootMessage(cause));
			log.warn("Only {} of {} jobs acknowledged on topic {}: {}", acknowledged, count, topic, why);
			throw new JobsNotAcknowledgedException(acknowledged, unconfirmed, count, why, failure);
		}
		log.info("Sent {} jobs to topic {} ({} partitions), batch {}", count, topic, workTopic.partitions(), batchId);
		return new SentBatch(workTopic, acknowledged, batchId);
	}

	/**
	 * Whether a failed send may still have been stored: a retriable error or a timeout
	 * (the last attempt may have been written before the brokers failed), as opposed to a
	 * refusal (authorization, size) or a failure before anything was sent.
	 */
	private static boolean outcomeUnknown(Throwable failure) {
		// KafkaTemplate wraps the client's exception in its own.
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RetriableException) {
				return true;
			}
		}
		return false;
	}

	private static Throwable causeOf(CompletableFuture<?> failed) {
		try {
			failed.join();
			return null;
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
	}

	/** What went wrong, in the client library's words (never an exception class name). */
	private static String rootMessage(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		return (cause != null && cause.getMessage() != null) ? cause.getMessage() : "no answer from the cluster";
	}

}
