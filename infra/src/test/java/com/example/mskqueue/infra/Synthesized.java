package com.example.mskqueue.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The CDK app built as {@code cdk synth} builds it: with the context of {@code cdk.json}
 * (its feature flags included), plus the settings a test gives on top, as
 * {@code -c key=value} would.
 *
 * @param app the app
 * @param settings the settings it was built with
 */
record Synthesized(App app, DeploymentSettings settings) {

	static final Path INFRA = Path.of(System.getProperty("repository.root", "..")).resolve("infra");

	/** A tag as buildspec.yml makes them: a commit's first 12 characters. */
	static final String IMAGE_TAG = "0123456789ab";

	static Synthesized with(Map<String, Object> context) {
		return with(context, null);
	}

	static Synthesized with(Map<String, Object> context, Path outdir) {
		Map<String, Object> all = new HashMap<>(cdkJsonContext());
		all.put("imageTag", IMAGE_TAG);
		all.put("region", "eu-west-1");
		all.putAll(context);
		App app = App.Builder.create().context(all).outdir((outdir != null) ? outdir.toString() : null).build();
		DeploymentSettings settings = DeploymentSettings.from(app);
		InfraApp.build(app, settings);
		return new Synthesized(app, settings);
	}

	static Synthesized defaults() {
		return with(Map.of());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cdkJsonContext() {
		try {
			Map<String, Object> cdkJson = new Yaml().load(Files.readString(INFRA.resolve("cdk.json")));
			return (Map<String, Object>) cdkJson.get("context");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Stack stack(String name) {
		return (Stack) this.app.getNode().findChild(this.settings.named(name));
	}

	Template template(String name) {
		return Template.fromStack(stack(name));
	}

	Template network() {
		return template("network");
	}

	Template repositories() {
		return template("repositories");
	}

	Template kafka() {
		return template("kafka");
	}

	Template services() {
		return template("services");
	}

}
