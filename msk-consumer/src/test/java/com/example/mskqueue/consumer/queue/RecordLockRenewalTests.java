package com.example.mskqueue.consumer.queue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a job in hand renews its record's lock: half a lock after the lock may have
 * started, which for a record the share consumer fetched while the previous job ran is
 * before the job itself started (the scale benchmark's duplicates at 400 workers).
 */
class RecordLockRenewalTests {

	static final Duration HALF_LOCK = Duration.ofSeconds(15);

	static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	@Test
	void aRecordFetchedAsItsJobStartsIsRenewedHalfALockLater() {
		assertThat(RecordLockRenewal.untilRenewal(NOW, HALF_LOCK, NOW)).isEqualTo(HALF_LOCK);
	}

	@Test
	void aRecordFetchedWhileThePreviousJobRanIsRenewedHalfALockAfterThatJobWasHandedOut() {
		Instant fetched = NOW.minusSeconds(14);
		assertThat(RecordLockRenewal.untilRenewal(fetched, HALF_LOCK, NOW)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aRecordThatWaitedMoreThanHalfALockIsRenewedAtOnce() {
		Instant fetched = NOW.minusSeconds(20);
		assertThat(RecordLockRenewal.untilRenewal(fetched, HALF_LOCK, NOW)).isZero();
	}

	@Test
	void aClockThatStepsBackNeverDelaysARenewalPastHalfALock() {
		assertThat(RecordLockRenewal.untilRenewal(NOW.plusSeconds(5), HALF_LOCK, NOW)).isEqualTo(HALF_LOCK);
	}

}
