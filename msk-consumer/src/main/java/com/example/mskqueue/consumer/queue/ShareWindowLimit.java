package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records a share partition's window holds: the brokers'
 * {@value RecordLockLimit#BROKER_SETTING}, read from them once. Until it is read, their
 * default stands in: a read that times out (brokers busy, the admin client still
 * connecting at a task's start) is tried again at the next look, and only a refusal (no
 * permission to describe the brokers' configuration, say) leaves the default for good.
 */
final class ShareWindowLimit {

	private static final Logger log = LoggerFactory.getLogger(ShareWindowLimit.class);

	private int limit;

	private boolean toldOfRetry;

	/** The limit, read from the brokers through {@code admin} until they answer. */
	int read(Admin admin, Duration timeout) throws InterruptedException {
		if (this.limit > 0) {
			return this.limit;
		}
		try {
			this.limit = BrokerSetting.read(admin, RecordLockLimit.BROKER_SETTING, timeout)
				.map(Integer::parseInt)
				.orElse(RecordLockLimit.BROKER_DEFAULT);
			return this.limit;
		}
		catch (TimeoutException ex) {
			return assumeDefault("no answer within " + timeout.toMillis() + " ms", false);
		}
		catch (ExecutionException ex) {
			return assumeDefault(String.valueOf(ex.getCause()), !(ex.getCause() instanceof RetriableException));
		}
	}

	private int assumeDefault(String why, boolean forGood) {
		if (forGood) {
			log.info("Could not read the brokers' {} ({}); assuming the default, {}", RecordLockLimit.BROKER_SETTING,
					why, RecordLockLimit.BROKER_DEFAULT);
			this.limit = RecordLockLimit.BROKER_DEFAULT;
		}
		else if (!this.toldOfRetry) {
			log.info("Could not read the brokers' {} yet ({}); assuming the default, {}, until it can be read",
					RecordLockLimit.BROKER_SETTING, why, RecordLockLimit.BROKER_DEFAULT);
			this.toldOfRetry = true;
		}
		return RecordLockLimit.BROKER_DEFAULT;
	}

}
