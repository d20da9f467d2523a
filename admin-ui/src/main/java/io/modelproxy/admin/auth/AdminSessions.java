package io.modelproxy.admin.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Logged-in browser sessions: random tokens held in memory only (a restart logs everyone out). */
public final class AdminSessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;

    public AdminSessions(Clock clock) {
        this.clock = clock;
    }

    public String open() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> expiry.isBefore(now));
        if (expiries.size() >= MAX_SESSIONS) {
            expiries.clear();  // bounded memory beats keeping old sessions alive: they log in again
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(LIFETIME));
        return token;
    }

    public boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        Instant expiry = expiries.get(token);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    public void close(String token) {
        if (token != null) {
            expiries.remove(token);
        }
    }
}
