package io.modelproxy.attempt;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.modelproxy.api.Dialect;
import io.modelproxy.auth.Credential;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.upstream.Upstream;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.Set;

/** The headers of an upstream request and of the response the client gets. */
public final class UpstreamHeaders {
    static final AsciiString ROUTE = AsciiString.cached("x-model-proxy-route");
    static final AsciiString ATTEMPTS = AsciiString.cached("x-model-proxy-attempts");
    /** The gateway's own headers (the per-request tool-enforcement switch …) are for the gateway, not the provider. */
    private static final String GATEWAY_PREFIX = "x-model-proxy-";
    private static final AsciiString ANTHROPIC_VERSION = AsciiString.cached("anthropic-version");
    private static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    /** Never forwarded: hop-by-hop, framing, credentials, cookies, CORS, and compression (bodies are edited). */
    private static final Set<AsciiString> DROPPED = Set.of(
            HttpHeaderNames.HOST, HttpHeaderNames.AUTHORIZATION, Credential.X_API_KEY,
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HttpHeaderNames.ACCEPT_ENCODING,
            HttpHeaderNames.COOKIE, HttpHeaderNames.ORIGIN, HttpHeaderNames.REFERER, HttpHeaderNames.EXPECT,
            HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.ACCEPT, HttpHeaderNames.HTTP2_SETTINGS,
            AsciiString.cached("proxy-connection"), AsciiString.cached("api-key"),
            HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    /** Upstream response headers a client may use (request ids for support tickets). */
    private static final Set<AsciiString> KEPT = Set.of(AsciiString.cached("request-id"), HttpHeaderNames.X_REQUEST_ID);

    private UpstreamHeaders() {}

    /**
     * @param path the request path under the provider's base URL
     * @param sameDialect the client speaks the provider's protocol: dialect-specific headers
     *     ({@code anthropic-beta}, {@code openai-beta} …) make sense upstream only then
     * @param key the provider key for this attempt, or null to forward the client's credential
     * @param credential what of the client's credential may be forwarded (never a gateway client key)
     * @param contentType the body's: JSON, or a form or forwarded body's own
     */
    static RequestHeaders request(Upstream upstream, String path, RequestHeaders client, boolean sameDialect, PooledKey key,
            Credential credential, boolean stream, MediaType contentType) {
        RequestHeadersBuilder out = upstream.headers(HttpMethod.POST, path);
        AsciiString providerAuth = AsciiString.of(upstream.authHeader().toLowerCase(Locale.ROOT));
        client.forEach((name, value) -> {
            if (name.charAt(0) == ':' || DROPPED.contains(name) || name.contentEquals(providerAuth)
                    || name.startsWith(GATEWAY_PREFIX)) {
                return;
            }
            if (!sameDialect && (name.startsWith("anthropic-") || name.startsWith("openai-"))) {
                return;
            }
            out.add(name, value);
        });
        out.contentType(contentType);
        out.set(HttpHeaderNames.ACCEPT, stream ? MediaType.EVENT_STREAM.toString() : MediaType.JSON.toString());
        if (upstream.protocol() == Dialect.AnthropicMessages && !out.contains(ANTHROPIC_VERSION)) {
            out.set(ANTHROPIC_VERSION, DEFAULT_ANTHROPIC_VERSION);
        }
        if (key != null) {
            out.set(upstream.authHeader(), upstream.authValue(key.key().value()));
        } else if (credential.isPresent() && sameDialect) {
            // as the client sent them: a subscription's OAuth bearer token and an API key differ upstream;
            // Exchange never sends a forwarded credential across dialects (another vendor's provider)
            if (credential.bearer() != null) {
                out.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + credential.bearer());
            }
            if (credential.apiKey() != null) {
                out.set(Credential.X_API_KEY, credential.apiKey());
            }
        }
        upstream.config().headers().forEach(out::set);
        return upstream.build(out);
    }

    /** The client's response headers for a committed upstream response. */
    static ResponseHeaders response(ResponseHeaders upstream, MediaType contentType, String route, int attempts) {
        ResponseHeadersBuilder out = ResponseHeaders.builder(upstream.status()).contentType(contentType);
        for (AsciiString name : KEPT) {
            String value = upstream.get(name);
            if (value != null) {
                out.set(name, value);
            }
        }
        if (contentType.is(MediaType.EVENT_STREAM)) {
            out.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
        return out.set(ROUTE, route).setInt(ATTEMPTS, attempts).build();
    }
}
