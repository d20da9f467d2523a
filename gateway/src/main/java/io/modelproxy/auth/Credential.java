package io.modelproxy.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.netty.util.AsciiString;

/**
 * The API key a client presented: {@code Authorization: Bearer <key>} (the scheme is optional and
 * case-insensitive) or {@code x-api-key}. The token never appears in {@link #toString()}.
 */
public final class Credential {
    public static final AsciiString X_API_KEY = AsciiString.cached("x-api-key");
    private static final Credential NONE = new Credential(null);
    private static final String BEARER = "bearer ";

    private final String token;

    private Credential(String token) {
        this.token = token;
    }

    /** The credential in a request's headers, or an empty one. */
    public static Credential from(RequestHeaders headers) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            String value = authorization.strip();
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                value = value.substring(BEARER.length()).strip();
            }
            if (!value.isEmpty()) {
                return new Credential(value);
            }
        }
        String apiKey = headers.get(X_API_KEY);
        return apiKey == null || apiKey.isBlank() ? NONE : new Credential(apiKey.strip());
    }

    public boolean isPresent() {
        return token != null;
    }

    /** The raw token, for forwarding to a provider that has no keys of its own. */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return token == null ? "Credential[none]" : "Credential[present]";
    }
}
