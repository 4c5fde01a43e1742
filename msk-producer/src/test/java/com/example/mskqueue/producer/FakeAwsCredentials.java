package com.example.mskqueue.producer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Credentials for the AWS SDK's clients in a test class whose AWS service is a local stub
 * (WireMock): the SDK signs every request and refuses to send one without them.
 */
public class FakeAwsCredentials implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		System.setProperty("aws.accessKeyId", "test");
		System.setProperty("aws.secretAccessKey", "test");
	}

	@Override
	public void afterAll(ExtensionContext context) {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

}
