package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.config.GatewayConfig;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.operator.cluster.ServedConfigs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Kubernetes objects of one ModelGateway, rendered from its compiled GatewayConfig: a pure
 * function, so tests (and the end-to-end test's kubelet-style directory) can reuse it.
 *
 * <p>The gateway container runs {@code serve --config /etc/model-proxy/config/gateway.json
 * --secrets-dir /etc/model-proxy/secrets}; each Secret the config names is mounted whole at
 * {@code /etc/model-proxy/secrets/<secret>}, so the gateway reads {@code <secret>/<key>} files and
 * reloads when the kubelet swaps them.
 *
 * @param gateway the ModelGateway
 * @param config the GatewayConfig the gateway runs from (the last good one when a newer one failed to compile)
 * @param image the gateway image when the ModelGateway names none
 */
public record GatewayResources(ModelGateway gateway, GatewayConfig config, String image) {
    public static final int GATEWAY_PORT = 9876;
    public static final String PORT_NAME = "http";
    public static final String CONFIG_KEY = ServedConfigs.CONFIG_KEY;
    public static final String MOUNT_ROOT = "/etc/model-proxy";
    public static final String CONFIG_DIR = MOUNT_ROOT + "/config";
    public static final String SECRETS_DIR = MOUNT_ROOT + "/secrets";
    /** Hash of the sorted names of the mounted Secrets: the only pod-template input that changes with the config. */
    public static final String SECRETS_HASH_ANNOTATION = "modelproxy.io/secrets-hash";
    public static final String MANAGED_BY_LABEL = ServedConfigs.MANAGED_BY_LABEL;
    public static final String MANAGED_BY = ServedConfigs.MANAGED_BY;
    public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;
    public static final int RUN_AS_USER = 10001;
    public static final int DEFAULT_SERVICE_PORT = 80;

    private static final ModelGatewaySpec EMPTY_SPEC =
            new ModelGatewaySpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    private static final String CONFIG_VOLUME = "config";
    private static final String TMP_VOLUME = "tmp";

    /** The ConfigMap's name for a gateway: {@code <gateway>-config}. */
    public static String configMapName(String gatewayName) {
        return gatewayName + "-config";
    }

    /** The ConfigMap data the gateway reads: one entry, {@value #CONFIG_KEY}, holding {@link GatewayConfig#toJson()}. */
    public static Map<String, String> configMapData(GatewayConfig config) {
        return Map.of(CONFIG_KEY, config.toJson());
    }

    /** sha256 (hex) of the ConfigMap's {@value #CONFIG_KEY}: the ModelGateway's {@code status.configHash}. */
    public static String configHash(Map<String, String> configMapData) {
        return sha256(configMapData.getOrDefault(CONFIG_KEY, ""));
    }

    /** Names of every Secret the config reads keys from (provider keys, client keys, the Redis password), sorted. */
    public static SortedSet<String> secretNames(GatewayConfig config) {
        SortedSet<String> names = new TreeSet<>();
        config.gateway().clientKeys().forEach(ref -> names.add(ref.secret()));
        if (config.gateway().sharedState() != null && config.gateway().sharedState().password() != null) {
            names.add(config.gateway().sharedState().password().secret());
        }
        for (ProviderConfig provider : config.providers()) {
            provider.keys().forEach(ref -> names.add(ref.secret()));
        }
        return names;
    }

    /** sha256 (hex) over the sorted Secret names, one per line: changes only when the set of mounted Secrets does. */
    public static String secretsHash(Collection<String> secretNames) {
        return sha256(String.join("\n", new TreeSet<>(secretNames)));
    }

    /**
     * The files a gateway pod sees under {@value #MOUNT_ROOT}, by path relative to it:
     * {@code config/gateway.json} and {@code secrets/<secret>/<key>} for every entry of every Secret
     * the config names (Secrets the config does not name are not mounted; a named Secret that does
     * not exist mounts as an empty directory, the volume being optional).
     */
    public static Map<String, byte[]> mountedFiles(GatewayConfig config, Collection<Secret> secrets) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config/" + CONFIG_KEY, config.toJson().getBytes(StandardCharsets.UTF_8));
        SortedSet<String> names = secretNames(config);
        for (Secret secret : secrets) {
            String name = secret.getMetadata().getName();
            if (names.contains(name)) {
                secretEntries(secret).forEach((key, value) -> files.put("secrets/" + name + "/" + key, value));
            }
        }
        return files;
    }

    /** Whether the gateway may listen beyond loopback: it refuses to without client keys. */
    public boolean clientKeysConfigured() {
        return !config.gateway().clientKeys().isEmpty();
    }

    /** Replicas of the Deployment: the spec's (default 1), or 0 without client keys (the pods could not be reached). */
    public int replicas() {
        return clientKeysConfigured() ? specReplicas() : 0;
    }

    /** The replicas the ModelGateway asks for (default 1). */
    public int specReplicas() {
        Integer replicas = spec().replicas();
        return replicas == null ? 1 : replicas;
    }

    public ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withMetadata(metadata(configMapName(name())))
                .withData(configMapData(config))
                .build();
    }

    public Deployment deployment() {
        SortedSet<String> secrets = secretNames(config);
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME)
                .withNewConfigMap().withName(configMapName(name())).endConfigMap().build());
        mounts.add(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).withReadOnly(true).build());
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        for (String secret : secrets) {
            String volume = secretVolumeName(secret);
            // optional: a deleted Secret must not keep new pods from starting; the gateway reports the missing keys
            volumes.add(new VolumeBuilder().withName(volume)
                    .withNewSecret().withSecretName(secret).withOptional(true).endSecret().build());
            mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(SECRETS_DIR + "/" + secret)
                    .withReadOnly(true).build());
        }
        return new DeploymentBuilder()
                .withMetadata(metadata(name()))
                .withNewSpec()
                .withReplicas(replicas())
                .withNewSelector().withMatchLabels(selectorLabels()).endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels())
                .withAnnotations(podAnnotations(secrets))
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser((long) RUN_AS_USER)
                .withRunAsGroup((long) RUN_AS_USER)
                .withFsGroup((long) RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(mounts, !secrets.isEmpty()))
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The Secrets hash, and the scrape annotations that Prometheus' common Kubernetes pod discovery
     * reads, unless {@code spec.metrics.enabled} is false (the gateway then serves no /metrics).
     */
    private Map<String, String> podAnnotations(Collection<String> secrets) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SECRETS_HASH_ANNOTATION, secretsHash(secrets));
        if (spec().metrics() == null || !Boolean.FALSE.equals(spec().metrics().enabled())) {
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", String.valueOf(GATEWAY_PORT));
            annotations.put("prometheus.io/path", "/metrics");
        }
        return annotations;
    }

    public Service service() {
        ModelGatewaySpec.GatewayService service = spec().service();
        String type = service == null || service.type() == null ? "ClusterIP" : service.type().name();
        int port = service == null || service.port() == null ? DEFAULT_SERVICE_PORT : service.port();
        return new ServiceBuilder()
                .withMetadata(metadata(name()))
                .withNewSpec()
                .withType(type)
                .withSelector(selectorLabels())
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build();
    }

    public PodDisruptionBudget podDisruptionBudget() {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(name()))
                .withNewSpec()
                .withMinAvailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(selectorLabels()).endSelector()
                .endSpec()
                .build();
    }

    /** The labels that select this gateway's pods. */
    public Map<String, String> selectorLabels() {
        return Map.of(
                "app.kubernetes.io/name", "model-proxy-gateway",
                "app.kubernetes.io/instance", name());
    }

    private Container container(List<VolumeMount> mounts, boolean secretsMounted) {
        List<String> args = new ArrayList<>(List.of("serve", "--config", CONFIG_DIR + "/" + CONFIG_KEY));
        if (secretsMounted) {
            // the directory exists only when some Secret is mounted under it; serve refuses a missing one
            args.addAll(List.of("--secrets-dir", SECRETS_DIR));
        }
        if (clientKeysConfigured()) {
            args.addAll(List.of("--host", "0.0.0.0"));
        }
        return new ContainerBuilder()
                .withName("gateway")
                .withImage(spec().image() == null || spec().image().isBlank() ? image : spec().image())
                .withArgs(args)
                .addNewPort().withName(PORT_NAME).withContainerPort(GATEWAY_PORT).withProtocol("TCP").endPort()
                .withLivenessProbe(probe("/health", 3))
                .withReadinessProbe(probe("/health/ready", 1))
                .withResources(spec().resources())
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser((long) RUN_AS_USER)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static Probe probe(String path, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder()
                .withName(objectName)
                .withNamespace(gateway.getMetadata().getNamespace())
                .withLabels(labels())
                // the ModelGateway controls what it owns: deleting it deletes them, kubectl shows "Controlled By"
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(gateway.getApiVersion())
                        .withKind(gateway.getKind())
                        .withName(name())
                        .withUid(gateway.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put("app.kubernetes.io/component", "gateway");
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    private String name() {
        return gateway.getMetadata().getName();
    }

    private ModelGatewaySpec spec() {
        ModelGatewaySpec spec = gateway.getSpec();
        return spec == null ? EMPTY_SPEC : spec;
    }

    /** A volume name is a DNS label (63 characters, no dots); a Secret name need not be, so hash it. */
    private static String secretVolumeName(String secret) {
        return "secret-" + sha256(secret).substring(0, 16);
    }

    private static Map<String, byte[]> secretEntries(Secret secret) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> entries.put(key, Base64.getDecoder().decode(value)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> entries.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        return entries;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
