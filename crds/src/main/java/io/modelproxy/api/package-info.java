/**
 * The Model Proxy API: the custom resources {@link io.modelproxy.api.Provider},
 * {@link io.modelproxy.api.LogicalModel} and {@link io.modelproxy.api.ModelGateway}
 * (group {@code modelproxy.io}, version {@code v1alpha1}).
 *
 * <p>Every field carries a {@code @JsonPropertyDescription}: the CRD generator turns it into the
 * schema description that {@code kubectl explain} prints, so it is written for the user.
 */
package io.modelproxy.api;
