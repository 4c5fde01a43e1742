package com.example.mskqueue.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class JobEventsTests {

	private static final Instant AT = Instant.parse("2026-12-04T19:00:00.123Z");

	@ParameterizedTest
	@EnumSource(JobState.class)
	void everyStateSurvivesTheWireByItsWireName(JobState state) {
		JobEvent event = JobEvent.of(state, AT, "msk-jobs", 3, 42, "b-1");

		byte[] wire = JobEvents.toJson(event);

		assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"state\":\"" + state.wireName() + "\"");
		assertThat(JobEvents.fromJson(wire)).hasValue(event);
	}

	@Test
	void aDoneEventKeepsWhoDidItAndItsTimingAndLeavesOutWhatDoesNotApply() {
		JobEvent done = JobEvent.of(JobState.DONE, AT, "msk-jobs", 0, 7, null)
			.by("ip-10-0-1-2", "jobs-0-C-1", 1)
			.timed(AT.minusSeconds(5), 1200L, 5000L);

		String wire = new String(JobEvents.toJson(done), StandardCharsets.UTF_8);

		assertThat(wire).doesNotContain("batch", "reason", "redrive");
		assertThat(JobEvents.fromJson(wire)).hasValue(done);
	}

	@Test
	void anEventOfAStateThisVersionDoesNotKnowIsSkippedNotFatal() {
		assertThat(JobEvents.fromJson("{\"state\":\"teleported\",\"at\":\"2026-12-04T19:00:00Z\"}")).isEmpty();
		assertThat(JobEvents.fromJson("not json")).isEmpty();
		assertThat(JobEvents.fromJson((byte[]) null)).isEmpty();
		assertThat(JobEvents.fromJson("{\"state\":\"done\",\"at\":\"yesterday\"}")).isEmpty();
	}

	@Test
	void statesAreNamedWithHyphensOnTheWire() {
		assertThat(JobState.DEAD_LETTERED.wireName()).isEqualTo("dead-lettered");
		assertThat(JobState.ofWireName("dead-lettered")).hasValue(JobState.DEAD_LETTERED);
		assertThat(JobState.ofWireName("DEAD_LETTERED")).isEmpty();
	}

	@Test
	void aCancellationIsReadBackFromItsControlRecordAndOtherControlRecordsAreNotCancellations() {
		BatchCancellation cancel = new BatchCancellation("b-1", AT, true);

		assertThat(cancel.key()).isEqualTo("cancel:b-1");
		assertThat(BatchCancellation.of(cancel.key(), cancel.toJson())).hasValue(cancel);
		assertThat(BatchCancellation.of("redrive:r-1", cancel.toJson())).isEmpty();
		assertThat(BatchCancellation.of("cancel:b-1", (byte[]) null)).isEmpty();
	}

}
