package com.example.mskqueue.producer.sending;

/**
 * A work topic ready to receive jobs.
 *
 * @param name the topic name
 * @param partitions its real partition count
 * @param createdNow whether this request created it
 */
public record WorkTopic(String name, int partitions, boolean createdNow) {
}
