package com.example.mskqueue.system.e2e;

import java.nio.file.Path;

import com.example.mskqueue.local.KafkaBroker;

/** The end-to-end scenario on the local KRaft broker the run command starts. */
class LocalBrokerEndToEndTests extends EndToEndScenario {

	private KafkaBroker broker;

	@Override
	String startBroker(Path workDir) throws Exception {
		this.broker = KafkaBroker.start(KafkaBroker.Settings.onFreePorts(workDir.resolve("kafka")));
		return this.broker.bootstrapServers();
	}

	@Override
	void stopBroker() throws Exception {
		if (this.broker != null) {
			this.broker.close();
		}
	}

}
