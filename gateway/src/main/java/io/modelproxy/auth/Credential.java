package io.modelproxy.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.netty.util.AsciiString;

/**
 * The API keys a client presented: {@code Authorization: Bearer <key>} (the scheme is optional and
 * case-insensitive) and/or {@code x-api-key}. Tokens never appear in {@link #toString()}.
 */
public final class Credential {
    public static final AsciiString X_API_KEY = AsciiString.cached("x-api-key");
    public static final Credential NONE = new Credential(null, null);
    private static final String BEARER = "bearer ";

    private final String bearer;
    private final String apiKey;

    private Credential(String bearer, String apiKey) {
        this.bearer = bearer;
        this.apiKey = apiKey;
    }

    /** The credential in a request's headers (possibly none). */
    public static Credential from(RequestHeaders headers) {
        String bearer = null;
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            String value = authorization.strip();
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                value = value.substring(BEARER.length()).strip();
            }
            bearer = value.isEmpty() ? null : value;
        }
        String apiKey = headers.get(X_API_KEY);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        return bearer == null && apiKey == null ? NONE : new Credential(bearer, apiKey);
    }

    public boolean isPresent() {
        return bearer != null || apiKey != null;
    }

    /** The token of the {@code Authorization} header, or null. */
    public String bearer() {
        return bearer;
    }

    /** The token of the {@code x-api-key} header, or null. */
    public String apiKey() {
        return apiKey;
    }

    /** This credential without the bearer token. */
    Credential withoutBearer() {
        return apiKey == null ? NONE : new Credential(null, apiKey);
    }

    /** This credential without the x-api-key. */
    Credential withoutApiKey() {
        return bearer == null ? NONE : new Credential(bearer, null);
    }

    @Override
    public String toString() {
        return "Credential[" + (bearer != null ? "bearer " : "") + (apiKey != null ? "x-api-key" : "") + "]";
    }
}
