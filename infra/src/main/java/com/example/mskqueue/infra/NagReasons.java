package com.example.mskqueue.infra;

import java.util.Arrays;
import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

/**
 * Where this app departs from a cdk-nag AWS Solutions rule, and why: each exception is
 * recorded on the resource it concerns, with its reason, and for wildcards only the exact
 * wildcard findings it covers.
 */
final class NagReasons {

	private NagReasons() {
	}

	/** An exception to {@code rule} for {@code construct} and its children. */
	static void accept(IConstruct construct, String rule, String reason) {
		NagSuppressions.addResourceSuppressions(construct,
				List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
	}

	/**
	 * An exception to {@code AwsSolutions-IAM5} for the wildcard findings that match
	 * these patterns only ({@code Resource::<arn>} or {@code Action::<action>}).
	 */
	static void acceptWildcards(IConstruct construct, String reason, String... findingPatterns) {
		List<Object> appliesTo = Arrays.stream(findingPatterns)
			.<Object>map((pattern) -> RegexAppliesTo.builder().regex("/^" + pattern + "$/g").build())
			.toList();
		NagSuppressions.addResourceSuppressions(construct, List
			.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(reason).appliesTo(appliesTo).build()),
				true);
	}

}
