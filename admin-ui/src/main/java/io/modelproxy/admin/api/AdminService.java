package io.modelproxy.admin.api;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import io.modelproxy.admin.activity.KeyStatusSource;
import io.modelproxy.admin.activity.RecentRequests;
import io.modelproxy.admin.auth.AdminAuth;
import io.modelproxy.admin.auth.AdminCredential;
import io.modelproxy.admin.auth.AdminSessions;
import io.modelproxy.admin.bench.TestBench;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.web.AdminErrorBody;
import io.modelproxy.admin.web.SecurityHeaders;
import io.modelproxy.admin.web.SetupPages;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin: its API at {@code /v1/admin/*} and its pages at {@code /setup/}, over one
 * {@link ManifestStore}, mounted on a server the caller owns (the gateway's, or the admin's own).
 *
 * <pre>{@code
 * AdminService.builder(new DirectoryStore(dir, System.getenv()))
 *     .credential(System.getenv("ADMIN_API_KEY"))
 *     .build()
 *     .mountOn(serverBuilder);
 * }</pre>
 */
public final class AdminService {
    /** Large enough for an imported config file, small enough to refuse a flood. */
    private static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final AdminAuth auth;
    private final AdminApi api;

    private AdminService(Builder builder) {
        AdminSessions sessions = new AdminSessions(builder.clock);
        this.auth = new AdminAuth(builder.credential, sessions);
        this.api = new AdminApi(builder.store, auth, sessions, builder.requests, builder.keyStatuses,
                builder.bench);
    }

    public static Builder builder(ManifestStore store) {
        return new Builder(store);
    }

    /** Adds the admin's routes to {@code server}. */
    public void mountOn(ServerBuilder server) {
        server.annotatedService()
                .decorator(auth)
                .decorator(SecurityHeaders.api())
                .exceptionHandlers(new AdminErrors())
                .maxRequestLength(MAX_BODY_BYTES)
                .build(api);
        HttpService unknown = (ctx, req) ->
                AdminErrorBody.response(HttpStatus.NOT_FOUND, "no such admin route: " + req.method() + " " + ctx.path(), null);
        server.serviceUnder("/v1/admin/", unknown.decorate(auth).decorate(SecurityHeaders.api()));
        server.service("/setup", (ctx, req) -> HttpResponse.ofRedirect("/setup/"));
        server.serviceUnder("/setup/", SetupPages.service().decorate(SecurityHeaders.pages()));
    }

    /** What an admin needs, and the parts of a running gateway it shows when there is one. */
    public static final class Builder {
        private final ManifestStore store;
        private Optional<AdminCredential> credential = Optional.empty();
        private Optional<RecentRequests> requests = Optional.empty();
        private Optional<KeyStatusSource> keyStatuses = Optional.empty();
        private Optional<TestBench> bench = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder(ManifestStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The admin key; null or blank for none (then only loopback callers are served). */
        public Builder credential(String key) {
            this.credential = key == null || key.isBlank() ? Optional.empty() : Optional.of(new AdminCredential(key));
            return this;
        }

        public Builder recentRequests(RecentRequests requests) {
            this.requests = Optional.of(requests);
            return this;
        }

        public Builder keyStatuses(KeyStatusSource keyStatuses) {
            this.keyStatuses = Optional.of(keyStatuses);
            return this;
        }

        public Builder testBench(TestBench bench) {
            this.bench = Optional.of(bench);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AdminService build() {
            return new AdminService(this);
        }
    }
}
