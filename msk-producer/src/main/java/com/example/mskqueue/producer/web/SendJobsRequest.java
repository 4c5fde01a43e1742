package com.example.mskqueue.producer.web;

/**
 * A send request that passed every rule.
 *
 * @param num how many jobs to send
 * @param topic the topic to send them to
 * @param partitionNum the partition count to create the topic with, if it does not exist
 * yet
 * @param partitionNumGiven whether the client named the partition count
 */
record SendJobsRequest(int num, String topic, int partitionNum, boolean partitionNumGiven) {
}
