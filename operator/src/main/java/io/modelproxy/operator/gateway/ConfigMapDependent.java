package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.modelproxy.api.ModelGateway;

/** The ConfigMap holding the compiled GatewayConfig. */
@KubernetesDependent(informer = @Informer(labelSelector = GatewayResources.MANAGED_SELECTOR))
final class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, ModelGateway> {
    ConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(ModelGateway gateway, Context<ModelGateway> context) {
        return ModelGatewayReconciler.resources(context).configMap();
    }
}
