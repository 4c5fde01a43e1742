package com.example.mskqueue.producer.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.MultiValueMap;

/**
 * The three fields of {@code POST /msk-producer-send} as the client sent them, before any
 * rule is applied. Only these three are read; any other field is ignored, so that no
 * field name (nested, indexed, unknown) can reach a data binder.
 *
 * @param num how many jobs to send (required)
 * @param topic the topic to send them to, or {@code null} for the work topic
 * @param partitionNum the partition count of the topic if it is new, or {@code null} for
 * the default
 * @param problems fields given more than once
 */
record SendJobsForm(String num, String topic, String partitionNum, List<String> problems) {

	static final String NUM = "num";

	static final String TOPIC = "topic";

	static final String PARTITION_NUM = "partition_num";

	static SendJobsForm of(MultiValueMap<String, String> fields) {
		List<String> problems = new ArrayList<>();
		return new SendJobsForm(single(fields, NUM, problems), single(fields, TOPIC, problems),
				single(fields, PARTITION_NUM, problems), List.copyOf(problems));
	}

	private static String single(MultiValueMap<String, String> fields, String name, List<String> problems) {
		List<String> values = fields.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			problems.add(name + " was given " + values.size() + " times; give it once");
		}
		return values.get(0);
	}

}
