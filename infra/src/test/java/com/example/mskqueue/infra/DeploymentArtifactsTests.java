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
 * What can be checked of the Dockerfile, the compose file and the buildspec without a
 * Docker engine: that they agree with the apps' configuration, the built jars and the CDK
 * app.
 */
class DeploymentArtifactsTests {

	static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	static final Pattern BUILD_ARG = Pattern.compile("--build-arg (\\w+)=(\\S+)");

	@Test
	void dockerfileUsesAnExecFormEntrypointANonRootUserAndContainerAwareHeap() throws IOException {
		List<String> lines = dockerfileInstructions();

		String entrypoint = last(lines, "ENTRYPOINT");
		assertThat(entrypoint).as("exec form, so the JVM is PID 1 and gets SIGTERM")
			.matches("ENTRYPOINT \\[\\s*\"java\".*\\]");
		String user = last(lines, "USER");
		assertThat(user).isNotEqualTo("USER root").doesNotMatch("USER 0(:.*)?");
		assertThat(lines.indexOf(user)).as("USER comes before ENTRYPOINT").isLessThan(lines.indexOf(entrypoint));
		assertThat(String.join("\n", lines)).contains("-XX:MaxRAMPercentage=")
			.doesNotContain("-Xmx")
			.contains("HEALTHCHECK")
			.contains("-Djarmode=tools")
			.contains("extract --layers");
		assertThat(first(lines, "FROM")).matches("FROM eclipse-temurin:(21|25)-jre.*");
	}

	@ParameterizedTest
	@CsvSource({ "msk-producer, 8082, /msk-producer-healthCheck", "msk-consumer, 8081, /actuator/health" })
	void buildspecBuildsEachImageFromAJarThatExistsWithTheAppsPortAndHealthPath(String service, int port,
			String healthPath) throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
		Matcher copy = Pattern.compile("COPY (\\$\\{SERVICE\\}/target/\\$\\{SERVICE\\}\\.jar) ").matcher(dockerfile);
		assertThat(copy.find()).isTrue();
		Path jar = ROOT.resolve(copy.group(1).replace("${SERVICE}", service));
		assertThat(jar).as("the jar the Dockerfile copies (built by ./mvnw verify)").isRegularFile();

		Map<String, String> args = buildArgs(service);
		assertThat(args).containsEntry("SERVICE", service)
			.containsEntry("PORT", Integer.toString(port))
			.containsEntry("HEALTH_PATH", healthPath);
		assertThat(serverPort(service)).isEqualTo(port);
	}

	@Test
	void buildspecTestsWithTheWrapperPublishesSurefireReportsAndWritesImageDefinitionsPerService() throws IOException {
		Map<String, Object> buildspec = yaml(ROOT.resolve("buildspec.yml"));
		String commands = buildspec.get("phases").toString();
		assertThat(commands).contains("./mvnw -B verify", "docker login", "docker push",
				"CODEBUILD_RESOLVED_SOURCE_VERSION", "-f docker/Dockerfile");
		assertThat(ROOT.resolve("mvnw")).isExecutable();

		Map<?, ?> reports = (Map<?, ?>) ((Map<?, ?>) buildspec.get("reports")).values().iterator().next();
		assertThat(reports.get("file-format")).isEqualTo("JUNITXML");
		String reportGlob = ((List<?>) reports.get("files")).get(0).toString();
		assertThat(reportGlob).isEqualTo("*/target/surefire-reports/TEST-*.xml");
		assertThat(ROOT.resolve("msk-producer/target/surefire-reports"))
			.as("reports of a module built before this one match the glob")
			.isDirectoryContaining("glob:**/TEST-*.xml");

		List<String> artifacts = ((List<?>) ((Map<?, ?>) buildspec.get("artifacts")).get("files")).stream()
			.map(Object::toString)
			.toList();
		for (String service : List.of(RepositoriesStack.PRODUCER, RepositoriesStack.CONSUMER)) {
			assertThat(artifacts).contains("imagedefinitions-" + service + ".json");
			assertThat(commands).contains("[{\"name\":\"" + service + "\",\"imageUri\"")
				.as("container name = the CDK task definition's container name");
		}
		Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) buildspec.get("env")).get("variables");
		assertThat(variables.get("PRODUCER_REPOSITORY")).isEqualTo(RepositoriesStack.PRODUCER);
		assertThat(variables.get("CONSUMER_REPOSITORY")).isEqualTo(RepositoriesStack.CONSUMER);
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
			assertThat(env.get("WORK_TOPIC")).isEqualTo(defaultWorkTopic());
			assertThat(env.get("CONSUMER_MODE"))
				.as("both services agree on the mode: the producer watches the " + "consumers' group or share group")
				.isEqualTo("${CONSUMER_MODE:-group}");
			Map<?, ?> build = (Map<?, ?>) service.get("build");
			assertThat(ROOT.resolve("docker")
				.resolve(build.get("context").toString())
				.resolve(build.get("dockerfile").toString())).isRegularFile();
		}
		String init = services.get("kafka-init").toString();
		assertThat(init).contains("--topic " + defaultWorkTopic() + " ", "--topic " + defaultWorkTopic() + "-dlt ",
				"share.version=1");
		assertThat(((Map<?, ?>) services.get("kafka-ui")).get("profiles")).isEqualTo(List.of("ui"));
	}

	private static Map<String, String> buildArgs(String service) throws IOException {
		String buildspec = Files.readString(ROOT.resolve("buildspec.yml"));
		for (String line : buildspec.lines().toList()) {
			if (line.contains("docker build") && line.contains("SERVICE=" + service + " ")) {
				Map<String, String> args = new java.util.HashMap<>();
				Matcher matcher = BUILD_ARG.matcher(line);
				while (matcher.find()) {
					args.put(matcher.group(1), matcher.group(2));
				}
				return args;
			}
		}
		throw new AssertionError("buildspec.yml builds no image for " + service);
	}

	private static int serverPort(String service) throws IOException {
		Map<String, Object> config = yaml(ROOT.resolve(service + "/src/main/resources/application.yml"));
		return (Integer) ((Map<?, ?>) config.get("server")).get("port");
	}

	private static String defaultWorkTopic() throws IOException {
		Map<String, Object> config = yaml(ROOT.resolve("msk-consumer/src/main/resources/application.yml"));
		String topic = ((Map<?, ?>) config.get("jobs")).get("topic").toString();
		return topic.replaceAll("\\$\\{[A-Z_]+:(.*)}", "$1");
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

	private static String first(List<String> lines, String instruction) {
		return lines.stream().filter((line) -> line.startsWith(instruction + " ")).findFirst().orElseThrow();
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
