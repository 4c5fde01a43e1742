package com.example.mskqueue.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awscdk.App;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the app says about AWS, checked against AWS CDK's own data rather than against
 * itself: MSK's version names and Express brokers' versions from the
 * {@code @aws-cdk/aws-msk-alpha} module (pinned in {@code infra/package.json}), and the
 * recommended feature flags from the {@code aws-cdk-lib} the app is built with.
 */
class CdkOracleTests {

	static final Path MSK_ALPHA = Synthesized.INFRA.resolve("node_modules/@aws-cdk/aws-msk-alpha/lib");

	@Test
	void everyKafkaVersionTheAppOffersIsAnMskVersionNameInAwsCdk() throws Exception {
		String script = "const {KafkaVersion} = require(process.argv[1]);"
				+ "console.log(Object.values(KafkaVersion).filter((v) => v && v.version).map((v) => v.version).join('\\n'))";
		List<String> cdkVersions = node(script, MSK_ALPHA.resolve("cluster-version.js").toString());

		assertThat(cdkVersions).as("AWS CDK's KafkaVersion constants").contains("3.9.x.kraft");
		assertThat(cdkVersions).containsAll(Arrays.stream(MskVersion.values()).map(MskVersion::mskName).toList());
	}

	@Test
	void expressBrokersAreOfferedOnlyVersionsAwsCdkAcceptsForThem() throws IOException {
		String cluster = Files.readString(MSK_ALPHA.resolve("cluster.js"));
		Matcher supported = Pattern.compile("supportedVersions = \\[([^\\]]*)\\]").matcher(cluster);
		assertThat(supported.find()).as("Express brokers' versions in aws-msk-alpha's cluster.js").isTrue();
		List<String> expressVersions = Arrays.stream(supported.group(1).split(","))
			.map((version) -> version.trim().replace("'", ""))
			.toList();

		assertThat(expressVersions)
			.containsAll(BrokerType.EXPRESS.versions().stream().map(MskVersion::majorMinor).toList());
		assertThat(Files.readString(MSK_ALPHA.resolve("cluster-version.d.ts")))
			.as("the comment that MSK's own guide overrules: share groups run on Standard brokers (docs/deploy.md)")
			.contains("Currently only supported on MSK Express brokers");
	}

	/**
	 * Where cdk.json departs from a recommended flag, and why. "weak" references use
	 * CloudFormation's Fn::GetStackOutput, which cfn-lint (1.51) reads as an error in
	 * Fn::Join and in outputs; "strong" ones are the classic exports and imports, which
	 * every checker reads.
	 */
	static final Map<String, Object> DEPARTURES = Map.of("@aws-cdk/core:defaultCrossStackReferences", "strong");

	@Test
	@SuppressWarnings("unchecked")
	void cdkJsonSetsEveryFeatureFlagTheAwsCdkLibInUseRecommends() throws IOException {
		Map<String, Object> recommended = new Yaml().load(fromAwsCdkLib("package/recommended-feature-flags.json"));
		Map<String, Object> context = Synthesized.cdkJsonContext();

		assertThat(recommended).hasSizeGreaterThan(50).containsKeys(DEPARTURES.keySet().toArray(String[]::new));
		recommended.forEach((flag, value) -> assertThat(context).as("cdk.json context")
			.containsEntry(flag, DEPARTURES.getOrDefault(flag, value)));
	}

	private static List<String> node(String script, String argument) throws Exception {
		Process node = new ProcessBuilder("node", "-e", script, argument).redirectErrorStream(true).start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).as(output).isZero();
		return output.lines().toList();
	}

	/**
	 * A file of the npm package inside the aws-cdk-lib jar (its jsii assembly tarball).
	 */
	private static String fromAwsCdkLib(String name) throws IOException {
		Path jar;
		try {
			jar = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException ex) {
			throw new IOException(ex);
		}
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			var tarball = jarFile.stream()
				.filter((entry) -> entry.getName().endsWith(".jsii.tgz"))
				.findFirst()
				.orElseThrow();
			try (InputStream tar = new GZIPInputStream(jarFile.getInputStream(tarball))) {
				return untar(tar, name);
			}
		}
	}

	/** The named entry of a tar stream (ustar headers: name at 0, octal size at 124). */
	private static String untar(InputStream tar, String name) throws IOException {
		byte[] header = new byte[512];
		while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
			String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).trim().replace("\0", "");
			String prefix = new String(header, 345, 155, StandardCharsets.US_ASCII).replace("\0", "");
			long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
			String path = prefix.isEmpty() ? entry : prefix + "/" + entry;
			if (path.equals(name)) {
				ByteArrayOutputStream content = new ByteArrayOutputStream();
				content.write(tar.readNBytes((int) size));
				return content.toString(StandardCharsets.UTF_8);
			}
			tar.skipNBytes((size + 511) / 512 * 512);
		}
		throw new IOException(name + " not found in aws-cdk-lib's jsii assembly");
	}

}
