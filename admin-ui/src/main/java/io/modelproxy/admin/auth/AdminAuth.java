package io.modelproxy.admin.auth;

import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.admin.web.AdminErrorBody;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every admin API route: the caller proves the admin credential (a session cookie from the login
 * page, or {@code Authorization: Bearer} for scripts), and a mutation must come from the admin's own
 * origin, so another site open in the same browser cannot drive the admin with its cookie.
 *
 * <p>Without a configured credential (standalone, no key at all) only loopback callers are served; the
 * server binds to loopback then too.
 */
public final class AdminAuth implements DecoratingHttpServiceFunction {
    public static final String COOKIE = "model_proxy_admin";
    public static final String LOGIN_PATH = "/v1/admin/login";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Optional<AdminCredential> credential;
    private final AdminSessions sessions;

    public AdminAuth(Optional<AdminCredential> credential, AdminSessions sessions) {
        this.credential = credential;
        this.sessions = sessions;
    }

    /** How the caller proved who it is. */
    public enum Proof { BEARER, COOKIE, LOOPBACK, NONE }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        boolean login = ctx.path().equals(LOGIN_PATH);
        Proof proof = proof(ctx, req);
        if (proof == Proof.NONE && !login) {
            return AdminErrorBody.response(HttpStatus.UNAUTHORIZED, credential.isPresent()
                    ? "admin credential required: log in at /setup/ or send Authorization: Bearer <admin key>"
                    : "no admin credential is configured: the admin answers loopback callers only", null);
        }
        if (!SAFE.contains(req.method()) && !sameOrigin(ctx, req, proof)) {
            return AdminErrorBody.response(HttpStatus.FORBIDDEN,
                    "cross-origin change refused: send it from the admin UI's own origin", null);
        }
        return delegate.serve(ctx, req);
    }

    /** What the request proves; the login route checks the credential itself. */
    public Proof proof(ServiceRequestContext ctx, HttpRequest req) {
        if (credential.isEmpty()) {
            return isLoopback(ctx) ? Proof.LOOPBACK : Proof.NONE;
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && credential.get().matches(authorization.substring(7).strip())) {
            return Proof.BEARER;
        }
        return sessions.isValid(sessionToken(req)) ? Proof.COOKIE : Proof.NONE;
    }

    /** Checks a login attempt's key. */
    public boolean accepts(String key) {
        return credential.map(c -> c.matches(key)).orElse(false);
    }

    public boolean requiresCredential() {
        return credential.isPresent();
    }

    public static String sessionToken(HttpRequest req) {
        return req.headers().cookies().stream()
                .filter(cookie -> cookie.name().equals(COOKIE))
                .map(Cookie::value)
                .findFirst().orElse(null);
    }

    /**
     * A browser sends {@code Origin} with every non-GET fetch; a script with a bearer key sends neither it
     * nor {@code Sec-Fetch-Site}. A cookie without an origin is refused: only a browser holds the cookie.
     */
    static boolean sameOrigin(ServiceRequestContext ctx, HttpRequest req, Proof proof) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String site = req.headers().get("sec-fetch-site");
        if (origin != null) {
            String authority = req.authority();
            int scheme = origin.indexOf("://");
            return authority != null && scheme > 0
                    && origin.substring(scheme + 3).toLowerCase(Locale.ROOT).equals(authority.toLowerCase(Locale.ROOT));
        }
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        return proof != Proof.COOKIE;
    }

    private static boolean isLoopback(ServiceRequestContext ctx) {
        return ctx.remoteAddress() instanceof InetSocketAddress address && address.getAddress().isLoopbackAddress();
    }
}
