package com.example.mskqueue.producer.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.example.mskqueue.producer.ProducerProperties;

/**
 * The rules on a send request that depend on configuration or on Kafka's topic naming
 * rules, on top of the field constraints of {@link SendJobsRequest}.
 */
@Component
class SendRequestRules {

	/** What Kafka accepts as a topic name. */
	private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	private final ProducerProperties properties;

	SendRequestRules(ProducerProperties properties) {
		this.properties = properties;
	}

	/**
	 * The problems with a request whose fields passed their own constraints, each phrased
	 * as what to fix (for example {@code num must be at most 100000 per request}).
	 */
	List<String> problems(SendJobsRequest request) {
		List<String> problems = new ArrayList<>();
		if (request.num() != null && request.num() > this.properties.maxJobsPerRequest()) {
			problems.add("num must be at most " + this.properties.maxJobsPerRequest() + " per request");
		}
		if (request.partitionNum() != null && request.partitionNum() > this.properties.maxPartitions()) {
			problems.add("partition_num must be at most " + this.properties.maxPartitions());
		}
		String topic = request.topic();
		if (topic == null || topic.isBlank()) {
			return problems;
		}
		if (!LEGAL_TOPIC.matcher(topic).matches()) {
			problems.add("topic must be 1 to 249 characters of letters, digits, '.', '_' and '-'");
		}
		else if (topic.equals(".") || topic.equals("..")) {
			problems.add("topic cannot be '.' or '..'");
		}
		else if (topic.startsWith("__")) {
			problems.add("topic names an internal topic (starts with '__')");
		}
		else if (!this.properties.allowedTopics().matcher(topic).matches()) {
			problems.add("topic is not allowed here (allowed: " + this.properties.allowedTopics().pattern() + ")");
		}
		return problems;
	}

}
