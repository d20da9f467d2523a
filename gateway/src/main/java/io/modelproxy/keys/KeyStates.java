package io.modelproxy.keys;

import io.modelproxy.config.KeyRef;
import io.modelproxy.sharedstate.KeyCooldowns;
import io.modelproxy.sharedstate.KeySlot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key's {@link KeyState}, for the life of the gateway. A reload asks for the state of each key
 * it keeps: the same key (same provider, name and value) gets its old state with its cooldowns; a
 * rotated value starts fresh, since a new key owes nothing to the old one's failures.
 */
public final class KeyStates {
    private final ConcurrentHashMap<Id, KeyState> states = new ConcurrentHashMap<>();
    private final KeyCooldowns cooldowns;

    /** @param cooldowns where the cooldowns live: this process, or Redis shared with the other replicas */
    public KeyStates(KeyCooldowns cooldowns) {
        this.cooldowns = cooldowns;
    }

    /** Identifies a key slot across reloads. */
    public record Id(String provider, KeyRef ref) {}

    public KeyState stateFor(String provider, ApiKey key) {
        byte[] digest = KeyDigest.sha256(key.value());
        return states.compute(new Id(provider, key.ref()),
                (id, old) -> old != null && old.holds(digest) ? old
                        : new KeyState(digest, KeySlot.of(provider, key.ref(), digest), cooldowns));
    }

    /** Forgets keys no longer configured. */
    public void retainOnly(Set<Id> live) {
        states.keySet().retainAll(live);
    }
}
