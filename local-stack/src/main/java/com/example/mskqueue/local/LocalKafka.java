package com.example.mskqueue.local;

/**
 * A Kafka cluster on this machine: a single broker ({@link KafkaBroker}) or one like
 * MSK's ({@link KafkaCluster}).
 */
public interface LocalKafka extends AutoCloseable {

	/** The addresses clients bootstrap from. */
	String bootstrapServers();

	/** Stop it. */
	@Override
	void close();

}
