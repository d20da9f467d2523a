package io.modelproxy.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.modelproxy.operator.gateway.ModelGatewayReconciler;
import io.modelproxy.operator.model.LogicalModelReconciler;
import io.modelproxy.operator.provider.ProviderReconciler;
import io.modelproxy.operator.status.EventRecorder;
import io.modelproxy.operator.status.StatusReporter;
import java.time.Clock;
import java.util.Set;

/** Assembles the operator: its three reconcilers on one JOSDK {@link Operator}. Used by main and by tests alike. */
public final class ModelProxyOperator {
    private ModelProxyOperator() {}

    /**
     * The JOSDK settings main and tests share. No server-side apply anywhere: primaries get JSON
     * patches and dependents create/update, the path the fabric8 mock server supports, so the
     * tested path is the shipped one.
     */
    public static void configure(ConfigurationServiceOverrider overrider, KubernetesClient client, Metrics metrics) {
        overrider.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withMetrics(metrics);
    }

    /** An operator that is registered but not started; {@link Operator#start()} it, {@link Operator#stop()} it. */
    public static Operator create(KubernetesClient client, OperatorSettings settings, Metrics metrics) {
        Operator operator = new Operator(overrider -> {
            configure(overrider, client, metrics);
            if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
                        .withLeaseNamespace(settings.leaseNamespace())
                        .build());
            }
        });
        Clock clock = Clock.systemUTC();
        StatusReporter status = new StatusReporter(new EventRecorder(client, clock), clock, client.getKubernetesSerialization());
        register(operator, new ProviderReconciler(status), settings.watchNamespaces());
        register(operator, new LogicalModelReconciler(status), settings.watchNamespaces());
        register(operator, new ModelGatewayReconciler(settings.gatewayImage(), status), settings.watchNamespaces());
        return operator;
    }

    private static <P extends HasMetadata> void register(Operator operator, Reconciler<P> reconciler, Set<String> namespaces) {
        operator.register(reconciler, config -> {
            if (namespaces.isEmpty()) {
                config.watchingAllNamespaces();
            } else {
                config.settingNamespaces(namespaces);
            }
        });
    }
}
