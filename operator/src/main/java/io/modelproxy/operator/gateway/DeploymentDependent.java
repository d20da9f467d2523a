package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.modelproxy.api.ModelGateway;

/** The gateway pods, with the ConfigMap and the named Secrets mounted as files. */
@KubernetesDependent(informer = @Informer(labelSelector = GatewayResources.MANAGED_SELECTOR))
final class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, ModelGateway> {
    DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(ModelGateway gateway, Context<ModelGateway> context) {
        return ModelGatewayReconciler.resources(context).deployment();
    }
}
