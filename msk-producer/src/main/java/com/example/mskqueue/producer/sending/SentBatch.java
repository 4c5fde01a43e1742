package com.example.mskqueue.producer.sending;

/**
 * A batch of jobs the cluster has acknowledged.
 *
 * @param topic the topic they went to
 * @param acknowledged how many jobs the cluster acknowledged
 * @param batchId the batch's id (the {@code batch-id} header of its jobs)
 */
public record SentBatch(WorkTopic topic, int acknowledged, String batchId) {
}
