package com.example.mskqueue.infra;

/** The one way a deployment setting is refused: before any stack is built. */
final class Settings {

	private Settings() {
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("Invalid deployment setting: " + message);
		}
	}

}
