package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.modelproxy.api.ModelGateway;

/** Keeps one gateway pod up through voluntary disruptions (only with more than one replica). */
@KubernetesDependent(informer = @Informer(labelSelector = GatewayResources.MANAGED_SELECTOR))
final class PodDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, ModelGateway> {
    PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(ModelGateway gateway, Context<ModelGateway> context) {
        return ModelGatewayReconciler.resources(context).podDisruptionBudget();
    }
}
