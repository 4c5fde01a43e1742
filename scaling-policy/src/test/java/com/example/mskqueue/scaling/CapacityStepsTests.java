package com.example.mskqueue.scaling;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.mskqueue.scaling.CapacitySteps.Step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CapacityStepsTests {

	@Test
	void eachTaskCountIsAStepOfItsOwnWhileTheyFit() {
		assertThat(CapacitySteps.between(0, 3, 40)).containsExactly(new Step(0, 0), new Step(1, 1), new Step(2, 2),
				new Step(3, 3));
		assertThat(CapacitySteps.between(2, 4, 40)).containsExactly(new Step(0, 2), new Step(3, 3), new Step(4, 4));
	}

	@Test
	void beyondTheStepLimitRangesRoundUpAndNeverGiveFewerTasksThanAsked() {
		List<Step> steps = CapacitySteps.between(0, 100, 40);

		assertThat(steps).hasSize(40);
		assertThat(steps.get(steps.size() - 1).capacity()).isEqualTo(100);
		for (int desired = 0; desired <= 100; desired++) {
			int capacity = capacityFor(steps, desired);
			assertThat(capacity).as("capacity for %d desired", desired).isBetween(desired, desired + 3);
		}
	}

	@Test
	void refusesAStepLimitTooSmallForAMinimumAndAMaximum() {
		assertThatIllegalArgumentException().isThrownBy(() -> CapacitySteps.between(0, 8, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> CapacitySteps.between(4, 2, 40));
	}

	private static int capacityFor(List<Step> steps, int desired) {
		int capacity = -1;
		for (Step step : steps) {
			if (desired >= step.fromTasks()) {
				capacity = step.capacity();
			}
		}
		return capacity;
	}

}
