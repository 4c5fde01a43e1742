package com.example.mskqueue.infra;

/**
 * Where the queue's alarms go, and what counts as a stuck job.
 *
 * @param email an address to mail alarms to, through an SNS topic the stack creates (the
 * address confirms the subscription first); null: none
 * @param topicArn an existing SNS topic to notify instead; null: none
 * @param stuckJobSeconds a job running longer than this is called stuck
 */
record AlarmSettings(String email, String topicArn, int stuckJobSeconds) {

	AlarmSettings {
		Settings.require(email == null || email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"),
				"alarmEmail must be an email address, got '" + email + "'");
		Settings.require(
				topicArn == null || topicArn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}"),
				"alarmTopicArn must be an SNS topic's ARN, got '" + topicArn + "'");
		Settings.require(email == null || topicArn == null,
				"give alarmEmail or alarmTopicArn, not both: subscribe the address to your own topic instead");
		Settings.require(stuckJobSeconds >= 1, "stuckJobSeconds must be 1 or more, got " + stuckJobSeconds);
	}

	static AlarmSettings from(ContextValues context) {
		return new AlarmSettings(context.string("alarmEmail", null), context.string("alarmTopicArn", null),
				context.integer("stuckJobSeconds", 60));
	}

}
