package io.modelproxy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelproxy.operator.OperatorSettings;
import io.modelproxy.operator.gateway.GatewayResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/**
 * docker/Dockerfile against what the build produces and what the chart and the operator expect. No
 * Docker engine runs here, so the images are not built: these checks keep the file honest instead
 * (the jars it copies are the ones Maven names, the entrypoints take the operator's arguments, the
 * user is the one the pods run as, the documented tags are the chart's defaults).
 */
class ContainerImageTest {
    private static final Path DOCKERFILE = Chart.REPOSITORY.resolve("docker/Dockerfile");
    private static final Path README = Chart.REPOSITORY.resolve("README.md");
    private static final Pattern STAGE = Pattern.compile("FROM\\s+(\\S+)\\s+AS\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BUILD_COMMAND = Pattern.compile(
            "docker build -f docker/Dockerfile --target (\\S+) +-t (\\S+):\\$VERSION \\.");

    /** Instructions by stage name, continuation lines joined, comments left out. */
    private static Map<String, List<String>> stages() throws IOException {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        stages.put("", current);
        String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\\n", " ");
        for (String line : joined.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher stage = STAGE.matcher(line);
            if (stage.matches()) {
                current = new ArrayList<>();
                stages.put(stage.group(2), current);
            }
            current.add(line);
        }
        return stages;
    }

    private static String instruction(List<String> stage, String keyword) {
        return stage.stream().filter(line -> line.startsWith(keyword + " ")).map(line -> line.substring(keyword.length() + 1))
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError("no " + keyword + " in " + stage));
    }

    /** The shade plugin's finalName in a module's POM: the runnable jar is target/{finalName}.jar. */
    private static String jarName(String module) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Chart.REPOSITORY.resolve(module).resolve("pom.xml").toFile());
        return pom.getElementsByTagName("finalName").item(0).getTextContent().strip() + ".jar";
    }

    @ParameterizedTest
    @CsvSource({"gateway, gateway", "operator, operator"})
    void eachTargetRunsTheJarItsModuleBuilds(String target, String module) throws Exception {
        List<String> stage = stages().get(target);
        assertThat(stage).as("stage %s", target).isNotNull();
        String jar = jarName(module);

        assertThat(stage.getFirst()).isEqualToIgnoringCase("FROM runtime AS " + target);
        assertThat(instruction(stage, "COPY")).isEqualTo(module + "/target/" + jar + " /app/" + jar);
        // exec form, ending in the jar: the operator's Deployment passes only arguments (serve --config ...);
        // the argfile is what the runtime stage writes for its JRE
        assertThat(new JsonMapper().readValue(instruction(stage, "ENTRYPOINT"), String[].class))
                .containsExactly("java", "@/app/jvm.args", "-jar", "/app/" + jar);
        assertThat(instruction(stages().get("runtime"), "RUN")).contains("> /app/jvm.args");
    }

    @Test
    void bothImagesRunAsTheUserThePodsRunAsOnAJava21Jre() throws IOException {
        Map<String, List<String>> stages = stages();
        List<String> runtime = stages.get("runtime");

        String base = instruction(stages.get(""), "ARG");
        Matcher java = Pattern.compile("JAVA_IMAGE=eclipse-temurin:(\\d+)-jre").matcher(base);
        assertThat(java.matches()).as(base).isTrue();
        assertThat(Integer.parseInt(java.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(runtime.getFirst()).isEqualTo("FROM ${JAVA_IMAGE} AS runtime");

        int uid = GatewayResources.RUN_AS_USER;
        assertThat(instruction(runtime, "USER")).isEqualTo(uid + ":" + uid);
        assertThat(instruction(runtime, "RUN")).contains("--uid " + uid, "--gid " + uid);
        JsonNode values = new YAMLMapper().readTree(Chart.DIR.resolve("values.yaml").toFile());
        assertThat(values.path("operator").path("podSecurityContext").path("runAsUser").asInt()).isEqualTo(uid);
        assertThat(stages.get("gateway")).noneMatch(line -> line.startsWith("USER "));
        assertThat(stages.get("operator")).noneMatch(line -> line.startsWith("USER "));
    }

    @Test
    void theBuildContextHoldsOnlyTheTwoJars() throws Exception {
        List<String> ignore = Files.readAllLines(DOCKERFILE.resolveSibling("Dockerfile.dockerignore"), StandardCharsets.UTF_8)
                .stream().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignore).containsExactly("*", "!gateway/target/" + jarName("gateway"), "!operator/target/" + jarName("operator"));
    }

    @Test
    void theDocumentedTagsAreTheChartsDefaults() throws IOException {
        JsonNode values = new YAMLMapper().readTree(Chart.DIR.resolve("values.yaml").toFile());
        Map<String, String> expected = Map.of(
                "gateway", values.path("gateway").path("image").path("repository").asText(),
                "operator", values.path("operator").path("image").path("repository").asText());
        assertThat(OperatorSettings.defaultGatewayImage()).isEqualTo(expected.get("gateway") + ":" + OperatorSettings.version());

        for (Path documented : List.of(README, DOCKERFILE)) {
            Map<String, String> built = new LinkedHashMap<>();
            Matcher command = BUILD_COMMAND.matcher(Files.readString(documented));
            while (command.find()) {
                built.put(command.group(1), command.group(2));
            }
            assertThat(built).as("docker build commands in %s", documented).isEqualTo(expected);
        }
    }

    @Test
    void theDocumentedVersionCommandPrintsTheProjectVersion() throws Exception {
        String line = Files.readAllLines(README).stream().filter(l -> l.startsWith("VERSION=$(")).findFirst().orElseThrow();
        Process shell = new ProcessBuilder("sh", "-c", line + " && printf %s \"$VERSION\"")
                .directory(Chart.REPOSITORY.toFile()).redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(shell.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo(System.getProperty("project.version"));
        assertThat(Files.readString(DOCKERFILE)).contains(line);
    }
}
