package io.modelproxy.sharedstate;

/**
 * When a key's cooldown ends, and whether an upstream promised that moment (a Retry-After) or the
 * gateway chose it (a provider's cooldownSeconds): a request may wait for a promise, never for a guess.
 *
 * @param until epoch millis; at or before now when the key is not cooling
 */
public record CooldownEnd(long until, boolean promised) {
    /** No cooldown. */
    static final CooldownEnd NONE = new CooldownEnd(0, false);

    /** The cooldown that holds a key longer; of two that end together, a promise wins. */
    static CooldownEnd later(CooldownEnd a, CooldownEnd b) {
        if (a.until != b.until) {
            return a.until > b.until ? a : b;
        }
        return a.promised ? a : b;
    }

    /** The shared form: the end, with a {@code p} after it when promised. */
    String text() {
        return promised ? until + "p" : Long.toString(until);
    }

    static CooldownEnd parse(String text) {
        boolean promised = text.endsWith("p");
        return new CooldownEnd(Long.parseLong(promised ? text.substring(0, text.length() - 1) : text), promised);
    }
}
