package io.modelproxy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart at {@code helm/model-proxy}, rendered by helm-java (Helm itself, linked in: no binary,
 * no network). Helm's native library loads once per JVM; commands are cheap after that.
 */
final class Chart {
    /** Surefire runs in the module directory. */
    static final Path DIR = Path.of("model-proxy");
    static final Path REPOSITORY = Path.of("..");
    static final String RELEASE = "model-proxy";
    static final String NAMESPACE = "model-proxy-system";
    static final String OPERATOR = "model-proxy-operator";
    static final String ADMIN = "model-proxy-admin";
    /**
     * Without a cluster, helm-java renders for Kubernetes 1.20, below the chart's kubeVersion; the
     * helm CLI assumes its client-go's version. Render for a supported one, as installs do.
     */
    static final String KUBE_VERSION = "1.32.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final Helm helm = new Helm(DIR);
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    Chart() {
        serialization.registerKubernetesResource(Provider.class);
        serialization.registerKubernetesResource(LogicalModel.class);
        serialization.registerKubernetesResource(ModelGateway.class);
    }

    /**
     * A set of values the chart is documented and tested with: the defaults, or one file of
     * {@code ci/} (where chart-testing looks for them too) on top of them.
     */
    record ValueSet(String name, Optional<Path> file) {
        static final ValueSet DEFAULTS = new ValueSet("defaults", Optional.empty());

        static ValueSet named(String name) {
            return documented().stream().filter(set -> set.name().equals(name)).findFirst().orElseThrow();
        }

        /** The defaults, then every {@code ci/<name>-values.yaml} in name order. */
        static List<ValueSet> documented() {
            List<ValueSet> sets = new ArrayList<>(List.of(DEFAULTS));
            try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
                files.filter(file -> file.getFileName().toString().endsWith("-values.yaml"))
                        .sorted()
                        .map(file -> new ValueSet(file.getFileName().toString().replace("-values.yaml", ""), Optional.of(file)))
                        .forEach(sets::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sets;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code helm template} into the release namespace; a failure (schema, {@code fail}) throws with Helm's message. */
    String template(ValueSet values, Map<String, ?> set) {
        return template(values, set, NAMESPACE);
    }

    String template(ValueSet values, Map<String, ?> set, String namespace) {
        TemplateCommand command = helm.template().withName(RELEASE).withNamespace(namespace).withKubeVersion(KUBE_VERSION);
        values.file().ifPresent(command::withValuesFile);
        set.forEach(command::set);
        return command.call();
    }

    /** The NOTES.txt Helm prints after {@code helm install}: a client-only dry run, no cluster needed. */
    String notes(ValueSet values) {
        InstallCommand command = helm.install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .clientOnly().dryRun();
        values.file().ifPresent(command::withValuesFile);
        String output = command.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    List<HasMetadata> render(ValueSet values) {
        return render(values, Map.of());
    }

    List<HasMetadata> render(ValueSet values, Map<String, ?> set) {
        return parse(template(values, set));
    }

    List<HasMetadata> render(ValueSet values, Map<String, ?> set, String namespace) {
        return parse(template(values, set, namespace));
    }

    /** Every YAML document of Helm's output as a typed object (a generic one for kinds without a model class). */
    List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty = document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!empty) {
                objects.add(serialization.unmarshal(document));
            }
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", rendered " + found.size());
        }
        return found.getFirst();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
        return ofKind(objects, kind).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " rendered"));
    }

    /** The chart's CRDs, created on a (mock) API server, and their types known to the client. */
    static void installCrds(KubernetesClient client) throws IOException {
        try (Stream<Path> files = Files.list(DIR.resolve("crds"))) {
            for (Path file : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    client.apiextensions().v1().customResourceDefinitions().load(in).create();
                }
            }
        }
        client.getKubernetesSerialization().registerKubernetesResource(Provider.class);
        client.getKubernetesSerialization().registerKubernetesResource(LogicalModel.class);
        client.getKubernetesSerialization().registerKubernetesResource(ModelGateway.class);
    }
}
