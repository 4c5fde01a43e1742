package com.example.mskqueue.local;

import java.nio.file.Path;

/** The end-to-end scenario on the local KRaft broker the run command starts. */
class LocalBrokerEndToEndTests extends EndToEndScenario {

	private KafkaBroker broker;

	@Override
	String startBroker(Path workDir) throws Exception {
		this.broker = KafkaBroker
			.start(KafkaBroker.Settings.of(workDir.resolve("kafka"), FreePortsSupport.next(), FreePortsSupport.next()));
		return this.broker.bootstrapServers();
	}

	@Override
	void stopBroker() throws Exception {
		if (this.broker != null) {
			this.broker.close();
		}
	}

}
