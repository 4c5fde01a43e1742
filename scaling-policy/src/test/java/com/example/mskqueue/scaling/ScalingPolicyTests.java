package com.example.mskqueue.scaling;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScalingPolicyTests {

	static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	@Test
	void originalPolicyGoesToEightOnAnyLagAndBackToOneAfterFiveMinutesAtZero() {
		LagThresholdPolicy original = ScalingPolicy.original();

		assertThat(original.desiredWorkers(new Backlog(1, FIVE_SECONDS, 1, Duration.ZERO), 1)).isEqualTo(8);
		assertThat(original.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(4)), 8)).isEqualTo(8);
		assertThat(original.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(5)), 8)).isEqualTo(1);
	}

	@Test
	void workBasedPolicyRunsEnoughConsumersToDrainWithinTheTarget() {
		WorkBasedPolicy policy = new WorkBasedPolicy(1, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), false);

		// 30 jobs x 5 s = 150 s of work: 3 consumers drain it in under a minute.
		assertThat(policy.desiredWorkers(new Backlog(30, FIVE_SECONDS, 5, Duration.ZERO), 1)).isEqualTo(3);
		assertThat(policy.desiredWorkers(new Backlog(1_000, FIVE_SECONDS, 5, Duration.ZERO), 1)).isEqualTo(8);
		assertThat(policy.desiredWorkers(new Backlog(1, FIVE_SECONDS, 1, Duration.ZERO), 4)).isEqualTo(1);
	}

	@Test
	void workBasedPolicyKeepsItsWorkersWhileTheyHaveJobsSoTheBacklogDrainsWithinTheTarget() {
		WorkBasedPolicy policy = new WorkBasedPolicy(0, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), false);

		// 60 jobs x 5 s called for 5 workers; halfway, 30 jobs alone would call for 3,
		// and
		// asking for 3 then (and fewer after) would stretch the drain past the target.
		assertThat(policy.desiredWorkers(new Backlog(60, FIVE_SECONDS, 1, Duration.ZERO), 0)).isEqualTo(5);
		assertThat(policy.desiredWorkers(new Backlog(30, FIVE_SECONDS, 1, Duration.ZERO), 5)).isEqualTo(5);
		// Workers beyond the jobs left have nothing to do.
		assertThat(policy.desiredWorkers(new Backlog(3, FIVE_SECONDS, 1, Duration.ZERO), 5)).isEqualTo(3);
		WorkBasedPolicy group = new WorkBasedPolicy(0, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), true);
		// Nor do workers beyond the partitions with work, in a consumer group.
		assertThat(group.desiredWorkers(new Backlog(30, FIVE_SECONDS, 2, Duration.ZERO), 5)).isEqualTo(2);
	}

	@Test
	void workBasedPolicyRunsNoMoreGroupConsumersThanPartitionsWithWork() {
		WorkBasedPolicy group = new WorkBasedPolicy(1, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), true);
		WorkBasedPolicy queue = new WorkBasedPolicy(1, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), false);
		Backlog backlog = new Backlog(1_000, FIVE_SECONDS, 5, Duration.ZERO);

		assertThat(group.desiredWorkers(backlog, 1)).isEqualTo(5);
		assertThat(queue.desiredWorkers(backlog, 1)).isEqualTo(8);
	}

	@Test
	void workBasedPolicyScalesInOnlyAfterTheBacklogStayedDrained() {
		WorkBasedPolicy policy = new WorkBasedPolicy(1, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), true);

		assertThat(policy.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(1)), 6)).isEqualTo(6);
		assertThat(policy.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(5)), 6)).isEqualTo(1);
	}

	@Test
	void workBasedPolicyWithNoBacklogHoldsTheWorkersUntilDrainedThenGoesToZero() {
		WorkBasedPolicy fromZero = new WorkBasedPolicy(0, 8, Duration.ofMinutes(1), Duration.ofMinutes(5), true);

		assertThat(fromZero.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ZERO), 0)).isZero();
		assertThat(fromZero.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(4)), 3)).isEqualTo(3);
		assertThat(fromZero.desiredWorkers(new Backlog(0, FIVE_SECONDS, 0, Duration.ofMinutes(5)), 3)).isZero();
	}

	@Test
	void workBasedPolicyRunsOneTaskForABacklogSmallerThanOneTasksWork() {
		WorkBasedPolicy fromZero = new WorkBasedPolicy(0, 32, Duration.ofMinutes(1), Duration.ofMinutes(5), true);

		// 2 jobs x 5 s: 10 s of work, less than one worker's minute and one task's four.
		int workers = fromZero.desiredWorkers(new Backlog(2, FIVE_SECONDS, 2, Duration.ZERO), 0);
		assertThat(workers).isEqualTo(1);
		assertThat(ScalingPolicy.tasksFor(workers, 4)).isEqualTo(1);
	}

	@Test
	void workBasedPolicyAsksNoMoreGroupWorkersThanPartitionsWithLagHoweverLargeTheBacklog() {
		WorkBasedPolicy group = new WorkBasedPolicy(0, 64, Duration.ofMinutes(1), Duration.ofMinutes(5), true);

		// 10,000 jobs x 5 s wants 834 workers; 3 partitions hold them all.
		assertThat(group.desiredWorkers(new Backlog(10_000, FIVE_SECONDS, 3, Duration.ZERO), 64)).isEqualTo(3);
	}

	@Test
	void tasksAreTheWorkersDividedAmongTasksRoundedUp() {
		assertThat(ScalingPolicy.tasksFor(8, 1)).isEqualTo(8);
		assertThat(ScalingPolicy.tasksFor(8, 4)).isEqualTo(2);
		assertThat(ScalingPolicy.tasksFor(9, 4)).isEqualTo(3);
		assertThat(ScalingPolicy.tasksFor(0, 4)).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> ScalingPolicy.tasksFor(8, 0));
	}

	@Test
	void refusesABackwardsRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LagThresholdPolicy(9, 8, 0, Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WorkBasedPolicy(1, 8, Duration.ZERO, Duration.ZERO, true));
	}

}
