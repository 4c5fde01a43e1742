package com.example.mskqueue.producer.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.example.mskqueue.contract.InvalidValueException;
import com.example.mskqueue.contract.PrintableText;
import com.example.mskqueue.contract.ValueRule;
import com.example.mskqueue.contract.WholeNumber;
import com.example.mskqueue.contract.WorkTopics;
import com.example.mskqueue.producer.ProducerProperties;

/**
 * The rules on a send request: numbers in the job contract's one grammar
 * ({@link WholeNumber}: ASCII digits, no sign, base prefix, white space, other scripts'
 * digits or leading zero) within the configured limits, and a topic name that Kafka
 * accepts with its dead-letter twin, that is not internal, not a dead-letter topic, and
 * allowed here. Each problem is phrased as what to fix and names the rule it broke.
 */
@Component
class SendRequestRules {

	private final ProducerProperties properties;

	SendRequestRules(ProducerProperties properties) {
		this.properties = properties;
	}

	/**
	 * The request the form stands for, or the problems with it.
	 * @param form the fields as sent
	 * @return the request if it passed every rule, else the problems
	 */
	Checked check(SendJobsForm form) {
		List<String> problems = new ArrayList<>(form.problems());
		Integer num = number(SendJobsForm.NUM, form.num(), 1, this.properties.maxJobsPerRequest(), " per request",
				problems);
		Integer partitions = (form.partitionNum() != null) ? number(SendJobsForm.PARTITION_NUM, form.partitionNum(), 1,
				this.properties.maxPartitions(), "", problems) : Integer.valueOf(this.properties.newTopicPartitions());
		String topic = (form.topic() != null) ? form.topic() : this.properties.topic();
		topicProblem(topic, problems);
		if (!problems.isEmpty()) {
			return new Checked(null, List.copyOf(problems));
		}
		return new Checked(new SendJobsRequest(num, topic, partitions, form.partitionNum() != null), List.of());
	}

	private static Integer number(String field, String text, int min, int max, String unit, List<String> problems) {
		if (text == null) {
			problems.add(
					field + " " + ValueRule.MISSING.description() + ": give a whole number from " + min + " to " + max);
			return null;
		}
		BigInteger value;
		try {
			value = WholeNumber.parse(text);
		}
		catch (InvalidValueException ex) {
			problems.add(field + " " + ex.getMessage());
			return null;
		}
		if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
			String bound = (value.compareTo(BigInteger.valueOf(min)) < 0) ? "at least " + min : "at most " + max + unit;
			problems.add(field + " " + ValueRule.OUT_OF_RANGE.description() + ": it must be " + bound + " (got "
					+ PrintableText.of(text) + ")");
			return null;
		}
		return value.intValue();
	}

	private void topicProblem(String topic, List<String> problems) {
		if (topic.isBlank()) {
			problems.add("topic is empty: leave it out for the work topic (" + this.properties.topic() + ")");
			return;
		}
		WorkTopics.problem(topic).ifPresentOrElse((problem) -> problems.add("topic " + problem), () -> {
			if (!this.properties.allowedTopics().matcher(topic).matches()) {
				problems.add("topic is not allowed here (allowed: " + this.properties.allowedTopics().pattern() + ")");
			}
		});
	}

	/**
	 * The outcome of the rules.
	 *
	 * @param request the request, when it passed
	 * @param problems what to fix, when it did not
	 */
	record Checked(SendJobsRequest request, List<String> problems) {

		boolean passed() {
			return this.problems.isEmpty();
		}

	}

}
