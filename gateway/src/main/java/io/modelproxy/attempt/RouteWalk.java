package io.modelproxy.attempt;

import io.modelproxy.api.Dialect;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.request.Operation;
import io.modelproxy.routing.Route;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.upstream.Upstream;
import java.util.Iterator;
import java.util.List;

/**
 * The way of one request through its routes: the model's and its fallbacks' routes that can serve the
 * operation, in order; for the route being tried, its translator and the keys of its rotation (or the
 * client's own credential, once). A route that cannot be tried now is skipped, and why is told to the
 * {@link FailureAnswers}. Not thread-safe: one request's event loop.
 */
final class RouteWalk {
    /** How the current route is called next: with {@code key}, or with the client's credential when null. */
    record Turn(PooledKey key) {}

    private final List<Route> routes;
    private final Operation operation;
    private final Dialect clientDialect;
    private final AttemptServices services;
    private final FailureAnswers failures;

    private int index;
    /** The keys of the current route not yet tried; null until the route is entered. */
    private Iterator<PooledKey> keys;
    private boolean credentialUsed;
    private ExchangeTranslator translator;
    private boolean sameDialect;

    /** @param routes the candidates, in the order they are tried */
    RouteWalk(List<Route> routes, Operation operation, Dialect clientDialect, AttemptServices services,
            FailureAnswers failures) {
        this.routes = routes;
        this.operation = operation;
        this.clientDialect = clientDialect;
        this.services = services;
        this.failures = failures;
    }

    /** The route to try, or null when every route was tried or skipped. */
    Route current() {
        return index < routes.size() ? routes.get(index) : null;
    }

    /**
     * The current route's next turn, entering the route first if it is new; null when the route cannot
     * be tried now or has no key left, and the walk has moved on to the next route.
     */
    Turn next(CoolingKeys cooling, long now) {
        Route route = routes.get(index);
        if (keys == null && !enter(route)) {
            index++;
            return null;
        }
        if (route.upstream().keys().forwardsClientCredential()) {
            if (credentialUsed) {
                leave();
                return null;
            }
            credentialUsed = true;
            return new Turn(null);
        }
        PooledKey key = cooling.nextUsable(keys, route, now);
        if (key == null) {
            leave();
            return null;
        }
        return new Turn(key);
    }

    /** Prepares a route's keys; false when the route cannot be tried now. */
    private boolean enter(Route route) {
        Upstream upstream = route.upstream();
        translator = null;
        sameDialect = operation.sameDialect(upstream.protocol(), clientDialect);
        if (!sameDialect && operation.translates()) {
            translator = services.translators().apply(clientDialect, upstream.protocol());
            if (translator == null) {
                failures.untranslatable("translation from " + clientDialect + " to " + upstream.protocol()
                        + " is not available (route " + route.id() + ")");
                return false;
            }
        }
        if (!route.circuit().tryPass(services.clock().millis())) {
            failures.circuitOpen(route.circuit().retryAt());
            return false;
        }
        if (upstream.keys().keys().isEmpty() && !upstream.keys().forwardsClientCredential()) {
            failures.keyless("provider " + upstream.name() + " has no usable API key (none of its configured keys could be read)");
            return false;
        }
        if (upstream.keys().forwardsClientCredential() && !sameDialect && !upstream.answersLocally()) {
            // a credential the client issued for its own API must never reach a provider of another vendor
            failures.keyless("provider " + upstream.name() + " has no API keys, and the client's own credential is only "
                    + "forwarded to providers of the client's dialect (" + clientDialect + ")");
            return false;
        }
        keys = upstream.keys().rotation().iterator();
        credentialUsed = false;
        return true;
    }

    /** Moves on to the next route: the current one failed in a way its other keys cannot help. */
    void leave() {
        keys = null;
        index++;
    }

    /** Back to the first route, for another pass after a wait for a cooling key. */
    void restart() {
        index = 0;
        keys = null;
    }

    /** The current route's translator; null when the client's body goes as it is. */
    ExchangeTranslator translator() {
        return translator;
    }

    /** Whether the current route's provider speaks the client's dialect for this operation. */
    boolean sameDialect() {
        return sameDialect;
    }
}
