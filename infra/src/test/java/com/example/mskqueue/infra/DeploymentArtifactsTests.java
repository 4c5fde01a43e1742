package com.example.mskqueue.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the Dockerfile, the build script, the compose file and the
 * buildspec without a Docker engine: that they agree with each other, with the apps'
 * configuration, with CI, and with the CDK app.
 */
class DeploymentArtifactsTests {

	static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	@Test
	void dockerfileBuildsFromSourceRunsAsNonRootWithContainerAwareHeapAndAnAotCache() throws IOException {
		List<String> lines = dockerfileInstructions();

		String entrypoint = last(lines, "ENTRYPOINT");
		assertThat(entrypoint).as("exec form, so the JVM is PID 1 and gets SIGTERM")
			.matches("ENTRYPOINT \\[\\s*\"java\".*\\]")
			.contains("\"-XX:AOTCache=app.aot\"");
		String user = last(lines, "USER");
		assertThat(user).isNotEqualTo("USER root").doesNotMatch("USER 0(:.*)?");
		assertThat(lines.indexOf(user)).as("USER comes before ENTRYPOINT").isLessThan(lines.indexOf(entrypoint));
		String all = String.join("\n", lines);
		assertThat(all)
			.contains("-XX:MaxRAMPercentage=", "HEALTHCHECK", "-Djarmode=tools", "extract --layers",
					"-XX:AOTCacheOutput=app.aot", "-Dspring.context.exit=onRefresh", "./mvnw", "SERVER_ADDRESS=0.0.0.0")
			.doesNotContain("-Xmx");
		int training = lines
			.indexOf(lines.stream().filter((line) -> line.contains("AOTCacheOutput")).findFirst().orElseThrow());
		assertThat(lines
			.indexOf(lines.stream().filter((line) -> line.contains("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow()))
			.as("the training run uses the service's JVM options")
			.isLessThan(training);
		assertThat(Files.readString(ROOT.resolve(".dockerignore")).lines()).contains("**/target", "**/node_modules");
	}

	@Test
	void ciCodeBuildAndTheImagesRunOneJavaVersion() throws IOException {
		List<String> froms = dockerfileInstructions().stream().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(froms).extracting((from) -> javaMajor(from)).containsOnly("25");
		assertThat(javaMajor(Files.readString(ROOT.resolve("buildspec.yml")))).isEqualTo("25");
		assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("temurin-25-jdk");
	}

	@ParameterizedTest
	@CsvSource({ "msk-producer, 8082, /msk-producer-healthCheck", "msk-consumer, 8081, /actuator/health" })
	void theBuildScriptGivesEachImageTheAppsPortAndTheHealthPathTheCdkChecks(String service, int port,
			String healthPath) throws IOException {
		String script = Files.readString(ROOT.resolve("docker/build-and-push.sh"));
		Matcher args = Pattern.compile(service + "\\) port=(\\d+) health=(\\S+) ;;").matcher(script);
		assertThat(args.find()).as("%s's build arguments", service).isTrue();

		assertThat(Integer.parseInt(args.group(1))).isEqualTo(port).isEqualTo(serverPort(service));
		assertThat(args.group(2)).isEqualTo(healthPath);
		assertThat(script).contains("repository=\"${stage}-${service}\"",
				"aws ecr describe-images --repository-name \"$repository\" --image-ids imageTag=\"$tag\"");
		assertThat(ROOT.resolve("docker/build-and-push.sh")).isExecutable();
	}

	@Test
	void buildspecPushesOnlyAfterASuccessfulBuildToTheStagesRepositoriesTaggedWithTheCommit() throws IOException {
		Map<String, Object> buildspec = yaml(ROOT.resolve("buildspec.yml"));
		Map<?, ?> phases = (Map<?, ?>) buildspec.get("phases");
		Map<?, ?> build = (Map<?, ?>) phases.get("build");
		assertThat(build.get("on-failure")).isEqualTo("ABORT");
		String buildCommands = build.get("commands").toString();
		assertThat(buildCommands).contains("./mvnw -B verify",
				"docker/build-and-push.sh msk-producer \"${REGISTRY}\" \"${STAGE}\" \"${IMAGE_TAG}\"",
				"docker/build-and-push.sh msk-consumer \"${REGISTRY}\" \"${STAGE}\" \"${IMAGE_TAG}\"");
		assertThat(phases.get("pre_build").toString()).contains("CODEBUILD_RESOLVED_SOURCE_VERSION", "docker login");
		String postBuild = phases.get("post_build").toString();
		assertThat(postBuild).contains("CODEBUILD_BUILD_SUCCEEDING").doesNotContain("docker push");

		DeploymentSettings settings = Synthesized.defaults().settings();
		for (String service : List.of(RepositoriesStack.PRODUCER, RepositoriesStack.CONSUMER)) {
			assertThat(postBuild).as("the image the CDK's %s repository and container get", service)
				.contains("[{\"name\":\"" + service + "\",\"imageUri\":\"%s\"}]",
						"${REGISTRY}/${STAGE}-" + service + ":${IMAGE_TAG}");
			assertThat(settings.named(service)).isEqualTo(settings.stage() + "-" + service);
		}
		Map<?, ?> reports = (Map<?, ?>) ((Map<?, ?>) buildspec.get("reports")).values().iterator().next();
		assertThat(reports.get("file-format")).isEqualTo("JUNITXML");
		assertThat(((List<?>) reports.get("files")).get(0)).isEqualTo("*/target/surefire-reports/TEST-*.xml");
	}

	@Test
	void composeRunsKafkaAndBothServicesWithPortsAndSettingsThatMatchTheApps() throws IOException {
		Map<String, Object> compose = yaml(ROOT.resolve("docker/compose.yaml"));
		Map<?, ?> services = (Map<?, ?>) compose.get("services");
		assertThat(services.keySet().stream().map(Object::toString)).contains("kafka", "kafka-init", "msk-producer",
				"msk-consumer", "kafka-ui");

		Map<?, ?> kafka = (Map<?, ?>) services.get("kafka");
		assertThat(kafka.get("image").toString()).startsWith("apache/kafka:4.2");
		Map<?, ?> kafkaEnv = (Map<?, ?>) kafka.get("environment");
		assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
		String advertised = kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").toString();

		Map<?, ?> producer = (Map<?, ?>) services.get("msk-producer");
		assertThat(producer.get("ports").toString())
			.isEqualTo(List.of(serverPort("msk-producer") + ":" + serverPort("msk-producer")).toString());
		Map<?, ?> consumer = (Map<?, ?>) services.get("msk-consumer");
		assertThat(consumer.get("ports")).as("no host port, so --scale msk-consumer=3 works").isNull();

		for (Map<?, ?> service : List.of(producer, consumer)) {
			Map<?, ?> env = (Map<?, ?>) service.get("environment");
			String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS").toString();
			assertThat(advertised).as("the services connect to a listener Kafka advertises").contains("//" + bootstrap);
			assertThat(env.get("WORK_TOPIC")).isEqualTo("msk-jobs");
			assertThat(env.get("CONSUMER_MODE")).as("both services agree on the mode")
				.isEqualTo("${CONSUMER_MODE:-group}");
			Map<?, ?> build = (Map<?, ?>) service.get("build");
			assertThat(build.get("context")).as("the image builds from the sources").isEqualTo("..");
			assertThat(ROOT.resolve("docker")
				.resolve(build.get("context").toString())
				.resolve(build.get("dockerfile").toString())).isRegularFile();
		}
		String init = services.get("kafka-init").toString();
		assertThat(init).contains("--topic msk-jobs ", "--topic msk-jobs-dlt ", "share.version=1");
	}

	private static String javaMajor(String text) {
		Matcher version = Pattern.compile("eclipse-temurin:(\\d+)-").matcher(text);
		assertThat(version.find()).as("an eclipse-temurin image in %s", text).isTrue();
		return version.group(1);
	}

	private static int serverPort(String service) throws IOException {
		Map<String, Object> config = yaml(ROOT.resolve(service + "/src/main/resources/application.yml"));
		return (Integer) ((Map<?, ?>) config.get("server")).get("port");
	}

	private static List<String> dockerfileInstructions() throws IOException {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(ROOT.resolve("docker/Dockerfile"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			current.append(line.strip());
			if (line.endsWith("\\")) {
				current.setLength(current.length() - 1);
				current.append(' ');
			}
			else {
				instructions.add(current.toString());
				current.setLength(0);
			}
		}
		return instructions;
	}

	private static String last(List<String> lines, String instruction) {
		return lines.stream()
			.filter((line) -> line.startsWith(instruction + " "))
			.reduce((a, b) -> b)
			.orElseThrow(() -> new AssertionError("no " + instruction + " in the Dockerfile"));
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}
