package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.Optional;

/**
 * A Model-Proxy provider's {@code endpoints}: its wire format as the Provider's protocol and its base URL,
 * with the API version moved into the base URL when the completions path carries it.
 */
final class EndpointImport {
    private final SourceEnvironment environment;

    EndpointImport(SourceEnvironment environment) {
        this.environment = environment;
    }

    /** Writes {@code protocol} and {@code baseUrl} from {@code endpoints}; returns the protocol. */
    Dialect read(SourceNode provider, ObjectNode spec) {
        Optional<SourceNode> given = provider.object("endpoints");
        if (given.isEmpty()) {
            provider.error("endpoints", "required but missing (endpoints.base_url is the provider's URL)");
            return Dialect.OpenAIChat;
        }
        SourceNode endpoints = given.get();
        Dialect protocol = endpoints.text("compatible_format").map(f -> protocol(endpoints, "compatible_format", f))
                .orElse(Dialect.OpenAIChat);
        spec.put("protocol", protocol.name());
        Optional<String> baseUrl = endpoints.text("base_url").flatMap(u -> url(endpoints, "base_url", u));
        if (!endpoints.has("base_url")) {
            endpoints.error("base_url", "required but missing");
        }
        String base = baseUrl.orElse("");
        String standard = standardPath(protocol);
        Optional<String> completions = endpoints.text("completions");
        if (completions.isPresent() && completions.get().equals("/v1" + standard) && !base.endsWith("/v1")) {
            base = base + "/v1";  // the gateway appends only the endpoint, so the version goes into the base URL
        } else if (completions.isPresent() && !completions.get().equals(standard)) {
            endpoints.warn("completions", "not imported: the gateway always posts to {baseUrl}" + standard);
        }
        endpoints.text("streaming").filter(s -> !s.equals(completions.orElse(standard)))
                .ifPresent(s -> endpoints.warn("streaming", "not imported: streams go to the completions endpoint"));
        endpoints.text("responses").filter(r -> !r.endsWith("/responses"))
                .ifPresent(r -> endpoints.warn("responses", "not imported: the gateway always posts to {baseUrl}/responses"));
        endpoints.noEquivalent("audio_transcriptions", "the gateway always posts to {baseUrl}/audio/transcriptions for"
                + " a LogicalModel with operations: [Transcription]");
        endpoints.finish(true);
        if (baseUrl.isPresent()) {
            spec.put("baseUrl", base);
        }
        return protocol;
    }

    static Dialect protocol(SourceNode node, String field, String format) {
        return switch (format) {
            case "openai" -> Dialect.OpenAIChat;
            case "azure" -> {
                node.warn(field, "legacy azure is read as openai (the OpenAI-compatible Azure v1 API)");
                yield Dialect.OpenAIChat;
            }
            case "anthropic" -> Dialect.AnthropicMessages;
            case "responses" -> Dialect.OpenAIResponses;
            default -> {
                node.error(field, "unknown format " + format + " (expected openai, anthropic or responses)");
                yield Dialect.OpenAIChat;
            }
        };
    }

    static String standardPath(Dialect protocol) {
        return switch (protocol) {
            case OpenAIChat -> "/chat/completions";
            case OpenAIResponses -> "/responses";
            case AnthropicMessages -> "/messages";
            case Mock -> throw new IllegalArgumentException("a Mock provider has no endpoint");
        };
    }

    /** A URL with {@code ${VAR}} expanded and no trailing slash; empty when unset or not http(s) (reported). */
    Optional<String> url(SourceNode node, String field, String given) {
        Optional<String> expanded = environment.expand(given);
        if (expanded.isEmpty()) {
            node.error(field, "uses " + String.join(", ", SourceEnvironment.references(given).stream()
                    .filter(v -> environment.value(v).isEmpty()).map(v -> "${" + v + "}").toList())
                    + ", which neither the source's environment nor this one sets");
            return Optional.empty();
        }
        if (!expanded.get().matches("^https?://[^\\s/$.?#].[^\\s]*$")) {
            node.error(field, "not an http:// or https:// URL");
            return Optional.empty();
        }
        return expanded.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }
}
