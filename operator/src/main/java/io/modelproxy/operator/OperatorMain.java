package io.modelproxy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelproxy.operator.probes.ProbeServer;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator in a pod or on a laptop: the Kubernetes client comes from the pod's service
 * account, or from {@code KUBECONFIG} / {@code ~/.kube/config}. Settings come from the environment
 * ({@link OperatorSettings#fromEnvironment}).
 */
public final class OperatorMain {
    private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        OptionalInt answered = OperatorCommandLine.answer(List.of(args),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8)));
        if (answered.isPresent()) {
            System.exit(answered.getAsInt());
            return;
        }
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("invalid setting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);

        Operator operator = ModelProxyOperator.create(client, settings, MicrometerMetricsV2.newBuilder(registry).build());
        ProbeServer probes = ProbeServer.start(settings.httpPort(),
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                registry::scrape);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            operator.stop();
            probes.close();
            gc.close();
            client.close();
        }, "model-proxy-operator-shutdown"));

        log.info("starting version={} server={} namespaces={} gatewayImage={} httpPort={} leaderElection={}",
                OperatorSettings.version(), client.getMasterUrl(),
                settings.watchNamespaces().isEmpty() ? "all" : String.join(",", settings.watchNamespaces()),
                settings.gatewayImage(), probes.port(), settings.leaderElection());
        try {
            operator.start();
        } catch (OperatorException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            log.error("cannot start server={} error={}", client.getMasterUrl(), cause.getMessage());
            System.exit(1);
        }
    }
}
