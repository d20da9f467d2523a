package io.modelproxy.requestlog;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.routing.RoutingTable;
import io.modelproxy.upstream.Upstream;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a logged body must not carry: every upstream key value of the table and the credential the
 * client sent, replaced by {@code [redacted]} wherever they appear; and the headers that carry
 * credentials, left out.
 */
final class Redaction {
    private static final Set<AsciiString> CREDENTIAL_HEADERS = Set.of(HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.COOKIE, AsciiString.of("x-api-key"),
            AsciiString.of("api-key"), AsciiString.of("x-goog-api-key"));
    /** Shorter values would redact ordinary words; no real key is this short. */
    private static final int MIN_SECRET = 8;

    private final List<String> secrets = new ArrayList<>();

    Redaction(RoutingTable table, RequestHeaders clientHeaders) {
        if (table != null) {
            for (Upstream u : table.upstreams().values()) {
                for (PooledKey k : u.keys().keys()) {
                    add(k.key().value());
                }
            }
        }
        for (AsciiString name : CREDENTIAL_HEADERS) {
            for (String value : clientHeaders.getAll(name)) {
                add(value);
                int space = value.indexOf(' ');
                if (space > 0) {
                    add(value.substring(space + 1).strip());
                }
            }
        }
        // the longest first, so that a key containing another is redacted whole
        secrets.sort((a, b) -> b.length() - a.length());
    }

    private void add(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET) {
            secrets.add(secret);
        }
    }

    String apply(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, "[redacted]");
            }
        }
        return out;
    }

    Map<String, String> headers(RequestHeaders headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!CREDENTIAL_HEADERS.contains(name) && !name.toString().startsWith(":")) {
                kept.merge(name.toString(), apply(value), (a, b) -> a + ", " + b);
            }
        });
        return kept;
    }
}
