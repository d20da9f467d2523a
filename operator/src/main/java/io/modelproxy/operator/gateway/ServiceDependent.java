package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.modelproxy.api.ModelGateway;

/** The Service clients reach the gateway through. */
@KubernetesDependent(informer = @Informer(labelSelector = GatewayResources.MANAGED_SELECTOR))
final class ServiceDependent extends CRUDKubernetesDependentResource<Service, ModelGateway> {
    ServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(ModelGateway gateway, Context<ModelGateway> context) {
        return ModelGatewayReconciler.resources(context).service();
    }
}
