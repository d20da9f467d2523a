package io.modelproxy.bundle.modelproxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.bundle.SourceEnvironment;
import io.modelproxy.bundle.SourceNode;
import java.util.Optional;

/**
 * A Model-Proxy provider's {@code authentication}: the header and scheme its keys go in (written only when
 * they differ from the protocol's default) and its additional headers, with {@code ${VAR}} expanded.
 */
final class AuthenticationImport {
    private final SourceEnvironment environment;

    AuthenticationImport(SourceEnvironment environment) {
        this.environment = environment;
    }

    /** Writes {@code auth} and {@code headers}; false when the provider sends no key at all. */
    boolean read(SourceNode provider, ObjectNode spec, Dialect protocol) {
        Optional<SourceNode> given = provider.object("authentication");
        if (given.isEmpty()) {
            return true;
        }
        SourceNode auth = given.get();
        String type = auth.text("type").orElse(protocol == Dialect.AnthropicMessages ? "x-api-key" : "bearer");
        String header;
        String scheme;
        switch (type) {
            case "bearer", "api_key", "azure_key" -> {
                header = "Authorization";
                scheme = "Bearer";
            }
            case "x-api-key" -> {
                header = "x-api-key";
                scheme = "";
            }
            case "api-key-header" -> {
                header = auth.text("header_name").orElse(null);
                if (header == null) {
                    auth.error("header_name", "required for type api-key-header");
                }
                scheme = "";
            }
            case "none" -> {
                auth.warn("type", "none: the Provider gets no keys, so the gateway forwards the client's own credential");
                header = null;
                scheme = null;
            }
            default -> {
                auth.error("type", "unknown type " + type + " (expected bearer, x-api-key, api-key-header or none)");
                header = null;
                scheme = null;
            }
        }
        if (header != null) {
            header = auth.text("header_name").orElse(header);
            scheme = auth.text("header_format").map(f -> scheme(auth, f)).orElse(scheme);
            boolean isDefault = protocol == Dialect.AnthropicMessages
                    ? header.equalsIgnoreCase("x-api-key") && scheme.isEmpty()
                    : header.equalsIgnoreCase("Authorization") && scheme.equals("Bearer");
            if (!isDefault) {
                spec.putObject("auth").put("header", header).put("scheme", scheme);
            }
        } else {
            auth.raw("header_name");
            auth.raw("header_format");
        }
        auth.object("additional_headers").ifPresent(headers -> {
            ObjectNode target = spec.putObject("headers");
            for (String name : headers.names()) {
                headers.text(name).ifPresent(value -> {
                    Optional<String> expanded = environment.expand(value);
                    if (expanded.isPresent()) {
                        target.put(name, expanded.get());
                    } else {
                        headers.error(name, "uses a ${VAR} that neither the source's environment nor this one sets");
                    }
                });
            }
        });
        auth.finish(true);
        return header != null;
    }

    /** {@code Bearer {api_key}} gives {@code Bearer}; {@code {api_key}} gives no scheme. */
    private static String scheme(SourceNode auth, String format) {
        String placeholder = "{api_key}";
        if (!format.endsWith(placeholder)) {
            auth.error("header_format", "can only be '<scheme> {api_key}' or '{api_key}'");
            return "";
        }
        String scheme = format.substring(0, format.length() - placeholder.length()).strip();
        if (scheme.contains(" ") || scheme.contains("{")) {
            auth.error("header_format", "can only be '<scheme> {api_key}' or '{api_key}'");
            return "";
        }
        return scheme;
    }
}
