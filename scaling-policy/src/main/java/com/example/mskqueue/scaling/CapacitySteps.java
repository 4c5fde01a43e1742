package com.example.mskqueue.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * The step adjustments that set a service's task count to the tasks a policy asks for:
 * each step maps a range of desired tasks to an exact capacity. A scaling policy may hold
 * only so many steps (AWS CDK refuses more than 40 for one metric, split between its
 * scale-out and scale-in policies), so beyond that many task counts the ranges widen and
 * each rounds up to its top: never fewer tasks than asked for, at most one range's width
 * more.
 */
public final class CapacitySteps {

	private CapacitySteps() {
	}

	/**
	 * The steps from {@code minTasks} to {@code maxTasks}, at most {@code maxSteps} of
	 * them, lowest first; the first starts at 0 desired tasks, the last reaches beyond
	 * {@code maxTasks}.
	 */
	public static List<Step> between(int minTasks, int maxTasks, int maxSteps) {
		if (minTasks < 0 || maxTasks < Math.max(1, minTasks) || maxSteps < 2) {
			throw new IllegalArgumentException("need 0 <= minTasks <= maxTasks, maxTasks >= 1 and maxSteps >= 2");
		}
		List<Step> steps = new ArrayList<>();
		steps.add(new Step(0, minTasks));
		int ranges = Math.min(maxSteps - 1, maxTasks - minTasks);
		int previousTop = minTasks;
		for (int i = 1; i <= ranges; i++) {
			int top = minTasks + (int) Math.ceil((maxTasks - minTasks) * (double) i / ranges);
			steps.add(new Step(previousTop + 1, top));
			previousTop = top;
		}
		return List.copyOf(steps);
	}

	/**
	 * Desired tasks from {@code fromTasks} (up to the next step's) set the capacity to
	 * {@code capacity}.
	 *
	 * @param fromTasks the lowest desired task count of the step
	 * @param capacity the tasks set
	 */
	public record Step(int fromTasks, int capacity) {
	}

}
