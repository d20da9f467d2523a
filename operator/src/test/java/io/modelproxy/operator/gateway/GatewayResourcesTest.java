package io.modelproxy.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.config.CompileResult;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.GatewaySettings;
import io.modelproxy.manifest.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayResourcesTest {
    private static final String IMAGE = "registry.test/gateway:1";
    private static GatewayConfig examples;

    @BeforeAll
    static void compileExamples() throws IOException {
        CompileResult result = ConfigCompiler.compile(
                new ManifestReader(Map.of()).read(Path.of("..", "examples", "kubernetes")), "gateway");
        assertThat(result.errors()).isEmpty();
        examples = result.config();
    }

    @Test
    void theConfigMapHoldsTheCompiledJsonUnderOneKey() {
        var configMap = new GatewayResources(gateway(spec(3, null, null)), examples, IMAGE).configMap();

        assertThat(configMap.getMetadata().getName()).isEqualTo("gw-config");
        assertThat(configMap.getData()).isEqualTo(Map.of("gateway.json", examples.toJson()));
        assertThat(GatewayResources.configHash(configMap.getData())).hasSize(64)
                .isNotEqualTo(GatewayResources.configHash(Map.of("gateway.json", examples.toJson() + " ")));
    }

    @Test
    void theSecretsHashDependsOnTheSetOfNamesOnly() {
        assertThat(GatewayResources.secretsHash(List.of("b", "a"))).isEqualTo(GatewayResources.secretsHash(List.of("a", "b")));
        assertThat(GatewayResources.secretsHash(List.of("a", "b"))).isNotEqualTo(GatewayResources.secretsHash(List.of("a", "b", "c")));
        assertThat(GatewayResources.secretNames(examples))
                .containsExactly("anthropic-keys", "gateway-clients", "groq-keys", "openai-keys");
    }

    @Test
    void theGatewayRunsLockedDownWithItsConfigAndSecretsMounted() {
        var resources = new ModelGatewaySpec(3, null, new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("512Mi")).build(), null, null, null, null, null, null, null, null, null, null, null, null);
        Deployment deployment = new GatewayResources(gateway(resources), examples, IMAGE).deployment();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getArgs()).containsSequence("--host", "0.0.0.0");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(9876);
        });
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath()).contains(
                "/etc/model-proxy/config", "/tmp", "/etc/model-proxy/secrets/groq-keys");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getEmptyDir() != null).extracting(Volume::getName).containsExactly("tmp");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .allSatisfy(v -> assertThat(v.getSecret().getOptional()).isTrue())
                .hasSize(4);
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getController()).isTrue());
    }

    @Test
    void withoutClientKeysTheGatewayStaysOnLoopbackAndRunsNoPods() {
        GatewayConfig open = new GatewayConfig(examples.version(), GatewaySettings.defaults(), examples.providers(), examples.models());
        var resources = new GatewayResources(gateway(spec(2, "custom/image:2", null)), open, IMAGE);
        Container container = resources.deployment().getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(resources.clientKeysConfigured()).isFalse();
        assertThat(resources.deployment().getSpec().getReplicas()).isZero();
        assertThat(container.getArgs()).doesNotContain("--host");
        assertThat(container.getImage()).isEqualTo("custom/image:2");
        assertThat(GatewayResources.secretNames(open)).doesNotContain("gateway-clients");
    }

    @Test
    void theServiceDefaultsToClusterIpOnPort80AndFollowsTheSpec() {
        var byDefault = new GatewayResources(gateway(spec(1, null, null)), examples, IMAGE).service();
        assertThat(byDefault.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(byDefault.getSpec().getPorts().getFirst().getPort()).isEqualTo(80);
        assertThat(byDefault.getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo("http");

        var nodePort = new GatewayResources(gateway(spec(1, null,
                new ModelGatewaySpec.GatewayService(ModelGatewaySpec.ServiceType.NodePort, 8080))), examples, IMAGE).service();
        assertThat(nodePort.getSpec().getType()).isEqualTo("NodePort");
        assertThat(nodePort.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
    }

    @Test
    void mountedFilesAreTheConfigAndEveryEntryOfTheNamedSecretsOnly() {
        Secret groq = new SecretBuilder().withNewMetadata().withName("groq-keys").endMetadata()
                .withData(Map.of("key-1", base64("gsk-one"), "key-2", base64("gsk-two"))).build();
        Secret unrelated = new SecretBuilder().withNewMetadata().withName("unrelated").endMetadata()
                .withData(Map.of("token", base64("nope"))).build();

        Map<String, byte[]> files = GatewayResources.mountedFiles(examples, List.of(groq, unrelated));

        assertThat(files).containsOnlyKeys("config/gateway.json", "secrets/groq-keys/key-1", "secrets/groq-keys/key-2");
        assertThat(new String(files.get("secrets/groq-keys/key-2"), StandardCharsets.UTF_8)).isEqualTo("gsk-two");
        assertThat(new String(files.get("config/gateway.json"), StandardCharsets.UTF_8)).isEqualTo(examples.toJson());
    }

    @Test
    void thePodsCarryTheScrapeAnnotationsUnlessMetricsAreOff() {
        var on = new GatewayResources(gateway(spec(1, null, null)), examples, IMAGE).deployment();
        assertThat(on.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(GatewayResources.GATEWAY_PORT))
                .containsEntry("prometheus.io/path", "/metrics")
                .containsKey(GatewayResources.SECRETS_HASH_ANNOTATION);
        var offSpec = new ModelGatewaySpec(1, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new ModelGatewaySpec.Metrics(false));
        var off = new GatewayResources(gateway(offSpec), examples, IMAGE).deployment();
        assertThat(off.getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey("prometheus.io/scrape").containsKey(GatewayResources.SECRETS_HASH_ANNOTATION);
    }

    private static ModelGatewaySpec spec(Integer replicas, String image, ModelGatewaySpec.GatewayService service) {
        return new ModelGatewaySpec(replicas, image, null, service, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ModelGateway gateway(ModelGatewaySpec spec) {
        ModelGateway gateway = new ModelGateway();
        gateway.getMetadata().setName("gw");
        gateway.getMetadata().setNamespace("ns");
        gateway.getMetadata().setUid("uid-1");
        gateway.setSpec(spec);
        return gateway;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
