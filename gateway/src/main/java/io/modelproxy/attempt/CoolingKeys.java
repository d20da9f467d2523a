package io.modelproxy.attempt;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.ErrorAction;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.keys.RetryAfter;
import io.modelproxy.routing.Route;
import io.modelproxy.sharedstate.CooldownEnd;
import io.modelproxy.upstream.ErrorPolicy;
import io.modelproxy.upstream.Upstream;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * The cooldown arithmetic of one request: which of a route's keys may be used now, how long a key
 * cools after an error (the provider's Retry-After, else the rule's or the provider's cooldown), and
 * the earliest moment a skipped or cooled key serves again, and whether an upstream promised that moment
 * (a Retry-After) or the gateway only guessed it. Not thread-safe: one request's event loop.
 */
final class CoolingKeys {
    private long earliest = Long.MAX_VALUE;
    /** Some key skipped or cooled was rate limited (per model), not suspended for its whole provider. */
    private boolean rateLimited;
    /**
     * An upstream said when to retry (Retry-After) on a key this request cooled or skipped: the promise
     * is kept with the cooldown, so a request that comes later, here or on another replica, knows it too.
     */
    private boolean promised;

    /** The next key of the rotation not cooling for the route's model, or null. */
    PooledKey nextUsable(Iterator<PooledKey> keys, Route route, long now) {
        while (keys.hasNext()) {
            PooledKey k = keys.next();
            CooldownEnd end = k.state().cooldown(route.model(), now);
            if (end.until() <= now) {
                return k;
            }
            rateLimited |= k.state().providerCoolingUntil() < end.until();
            promised |= end.promised();
            earliest = Math.min(earliest, end.until());
        }
        return null;
    }

    /** Cools the key after an error (upstream {@code status}) whose rule says to, for the model or for the whole provider. */
    void cool(PooledKey key, Route route, ErrorPolicy.Decision decision, ResponseHeaders headers, int status, long now) {
        if (key == null) {
            return;
        }
        Upstream upstream = route.upstream();
        boolean forModel = decision.action() == ErrorAction.CooldownKeyForModel;
        int fallbackSeconds = decision.cooldownSeconds() != null ? decision.cooldownSeconds()
                : forModel ? upstream.cooldownSeconds() : upstream.authFailureCooldownSeconds();
        OptionalLong retryAfter = RetryAfter.millis(headers.get(HttpHeaderNames.RETRY_AFTER), now);
        long until = now + retryAfter.orElse(fallbackSeconds * 1000L);
        promised |= retryAfter.isPresent();
        CooldownEnd end = new CooldownEnd(until, retryAfter.isPresent());
        if (forModel) {
            key.state().coolForModel(route.model(), end, status);
            rateLimited = true;
        } else {
            key.state().coolForProvider(end, status);
        }
        earliest = Math.min(earliest, until);
    }

    /** Whether some key was skipped or cooled: the request may wait for it. */
    boolean any() {
        return earliest != Long.MAX_VALUE;
    }

    /**
     * Whether the request may wait for the earliest cooling key: only when an upstream said when to retry,
     * to this request or to an earlier one whose cooldown still runs.
     * A cooldown the gateway chose itself (the provider's {@code cooldownSeconds}, an overloaded upstream
     * that named no time) is a guess; the client gets the error and the Retry-After now instead of
     * silence for the length of the guess.
     */
    boolean worthWaiting() {
        return promised;
    }

    /** When the earliest cooling key serves again (epoch millis); only meaningful when {@link #any()}. */
    long earliest() {
        return earliest;
    }

    boolean rateLimited() {
        return rateLimited;
    }

    /** Forgets what it saw, for another pass over the routes. */
    void reset() {
        earliest = Long.MAX_VALUE;
        rateLimited = false;
        promised = false;
    }
}
