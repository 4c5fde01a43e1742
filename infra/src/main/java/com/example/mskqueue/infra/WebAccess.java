package com.example.mskqueue.infra;

import java.util.List;
import java.util.Locale;

/**
 * Who may reach the producer's form through the ALB, and how.
 *
 * @param allowedCidrs the only addresses the ALB accepts connections from (IPv4 or IPv6
 * CIDR blocks); empty: nobody, until a deployer names some. {@code 0.0.0.0/0} only when
 * given explicitly
 * @param certificateArn an ACM certificate for an HTTPS listener (HTTP then only
 * redirects to it), or {@code null} for plain HTTP
 * @param signIn the sign-in the ALB requires before forwarding to the producer (needs
 * HTTPS)
 */
record WebAccess(List<String> allowedCidrs, String certificateArn, SignIn signIn) {

	private static final String IPV4_CIDR = "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)";

	private static final String IPV6_CIDR = "[0-9a-fA-F:]*:[0-9a-fA-F:]*/(12[0-8]|1[01]\\d|[1-9]?\\d)";

	WebAccess {
		allowedCidrs = List.copyOf(allowedCidrs);
		for (String cidr : allowedCidrs) {
			Settings.require(cidr.matches(IPV4_CIDR) || cidr.matches(IPV6_CIDR),
					"allowedCidrs must be CIDR blocks such as 203.0.113.7/32, got '" + cidr + "'");
		}
		Settings.require(
				certificateArn == null || certificateArn.matches("arn:aws[a-z-]*:acm:[^:]+:\\d{12}:certificate/[^/]+"),
				"certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)");
		Settings.require(!(signIn instanceof SignIn.Required) || certificateArn != null,
				"signIn=" + signIn.kind() + " needs certificateArn: the ALB signs users in on HTTPS listeners only");
	}

	static WebAccess from(ContextValues context) {
		return new WebAccess(context.list("allowedCidrs"), context.string("certificateArn", null),
				SignIn.from(context));
	}

	boolean https() {
		return this.certificateArn != null;
	}

	/** The listener port users connect to. */
	int port() {
		return https() ? 443 : 80;
	}

	String scheme() {
		return https() ? "https" : "http";
	}

	/** How users sign in before the ALB forwards them to the producer. */
	sealed interface SignIn {

		String kind();

		static SignIn from(ContextValues context) {
			String kind = context.string("signIn", "none").toLowerCase(Locale.ROOT);
			return switch (kind) {
				case "none" -> new None();
				case "oidc" -> new Oidc(context.required("oidcIssuer", "https://idp.example.com"),
						context.required("oidcAuthorizationEndpoint", "https://idp.example.com/authorize"),
						context.required("oidcTokenEndpoint", "https://idp.example.com/token"),
						context.required("oidcUserInfoEndpoint", "https://idp.example.com/userinfo"),
						context.required("oidcClientId", "msk-producer"),
						context.required("oidcClientSecretName", "msk-producer/oidc-client-secret"));
				case "cognito" -> new Cognito(
						context.required("cognitoUserPoolArn",
								"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf"),
						context.required("cognitoClientId", "1example23456789"),
						context.required("cognitoDomain", "my-team-jobs"));
				default -> throw new IllegalArgumentException(
						"Deployment setting signIn must be none, oidc or cognito, got '" + kind + "'");
			};
		}

		/** Anyone allowed by {@code allowedCidrs} may use the form. */
		record None() implements SignIn {

			@Override
			public String kind() {
				return "none";
			}

		}

		/** A sign-in the ALB enforces. */
		sealed interface Required extends SignIn {

		}

		/**
		 * Any OpenID Connect provider. The client secret stays in Secrets Manager: the
		 * template holds a reference to it, never the secret.
		 */
		record Oidc(String issuer, String authorizationEndpoint, String tokenEndpoint, String userInfoEndpoint,
				String clientId, String clientSecretName) implements Required {

			public Oidc {
				for (String endpoint : List.of(issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint)) {
					Settings.require(endpoint.startsWith("https://"),
							"OIDC endpoints must be https:// URLs, got '" + endpoint + "'");
				}
			}

			@Override
			public String kind() {
				return "oidc";
			}

		}

		/** An existing Cognito user pool, its app client and its domain prefix. */
		record Cognito(String userPoolArn, String clientId, String domainPrefix) implements Required {

			public Cognito {
				Settings.require(userPoolArn.matches("arn:aws[a-z-]*:cognito-idp:[^:]+:\\d{12}:userpool/[^/]+"),
						"cognitoUserPoolArn must be a Cognito user pool ARN, got '" + userPoolArn + "'");
			}

			@Override
			public String kind() {
				return "cognito";
			}

		}

	}

}
