package io.modelproxy.admin.web;

import com.linecorp.armeria.server.DecoratingHttpServiceFunction;

/**
 * Headers on every admin response: a strict Content-Security-Policy (scripts and styles from the admin's
 * own files only, no inline code, no other origin), no framing, no sniffing, no referrer.
 */
public final class SecurityHeaders {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    /** API answers are never cached: they may change with every edit. */
    public static DecoratingHttpServiceFunction api() {
        return headers("no-store");
    }

    /** The pages revalidate, so a new build shows at once. */
    public static DecoratingHttpServiceFunction pages() {
        return headers("no-cache");
    }

    private static DecoratingHttpServiceFunction headers(String cacheControl) {
        return (delegate, ctx, req) -> {
            ctx.mutateAdditionalResponseHeaders(headers -> headers
                    .set("content-security-policy", POLICY)
                    .set("x-content-type-options", "nosniff")
                    .set("x-frame-options", "DENY")
                    .set("referrer-policy", "no-referrer")
                    .set("cross-origin-opener-policy", "same-origin")
                    .set("cache-control", cacheControl));
            return delegate.serve(ctx, req);
        };
    }
}
