/**
 * Converters between other proxies' configuration and Model Proxy manifests, as pure functions: text or
 * files in, typed Provider / LogicalModel / ModelGateway objects plus Secret manifests and a report out.
 * No HTTP, no Kubernetes client, so the CLI ({@code model-proxy import}/{@code export}) and the admin UI
 * share them.
 *
 * <p>One sub-package per format: {@code modelproxy} (the original Model-Proxy's bundle JSON and per-file
 * config directory, both ways), {@code litellm} (LiteLLM proxy {@code config.yaml}) and
 * {@code pythonllmproxy} (python-llm-proxy {@code config.yaml}). This package holds what they share: the
 * {@link io.modelproxy.bundle.ImportResult} with its {@link io.modelproxy.bundle.Note report}, the
 * {@link io.modelproxy.bundle.ManifestYaml deterministic YAML writer} and the
 * {@link io.modelproxy.bundle.ImportPlan dry run} against existing manifests. {@code formats} sits above
 * them all: {@link io.modelproxy.bundle.formats.SourceFormat} recognises a source and picks its reader.
 *
 * <p>Key values never appear in notes or exceptions; they reach the output only when
 * {@link io.modelproxy.bundle.ImportOptions#includeSecretValues()} asks for them.
 */
package io.modelproxy.bundle;
