package io.modelproxy.operator.gateway;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.modelproxy.api.ModelGateway;

/** A PodDisruptionBudget of minAvailable 1 only makes sense above one replica: with one it would block every drain. */
final class MultipleReplicas implements Condition<PodDisruptionBudget, ModelGateway> {
    @Override
    public boolean isMet(DependentResource<PodDisruptionBudget, ModelGateway> dependent, ModelGateway gateway,
            Context<ModelGateway> context) {
        return ModelGatewayReconciler.resources(context).replicas() > 1;
    }
}
