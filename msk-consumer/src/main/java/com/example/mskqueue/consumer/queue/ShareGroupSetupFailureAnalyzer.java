package com.example.mskqueue.consumer.queue;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a cluster that cannot run queue mode into a short startup report instead of a
 * stack trace.
 */
class ShareGroupSetupFailureAnalyzer extends AbstractFailureAnalyzer<ShareGroupSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShareGroupSetupException cause) {
		return new FailureAnalysis(cause.problem(), cause.action(), cause);
	}

}
