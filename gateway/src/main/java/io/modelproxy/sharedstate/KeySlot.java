package io.modelproxy.sharedstate;

import io.modelproxy.config.KeyRef;
import java.util.HexFormat;

/**
 * Names one upstream key the same way on every replica: its provider, its Secret entry and a short
 * fingerprint of its value, so a rotated value starts without the old one's cooldowns. The
 * fingerprint is 6 bytes of SHA-256, which says nothing usable about a key.
 */
public record KeySlot(String provider, KeyRef ref, String fingerprint) {

    /** @param valueDigest SHA-256 of the key's value */
    public static KeySlot of(String provider, KeyRef ref, byte[] valueDigest) {
        return new KeySlot(provider, ref, HexFormat.of().formatHex(valueDigest, 0, 6));
    }

    /** The text form shared replicas agree on; no part of it contains {@code |}. */
    String key() {
        return provider + "|" + ref.secret() + "/" + ref.key() + "|" + fingerprint;
    }

    static KeySlot parse(String key) {
        String[] parts = key.split("\\|", 3);
        int slash = parts[1].indexOf('/');
        return new KeySlot(parts[0], new KeyRef(parts[1].substring(0, slash), parts[1].substring(slash + 1)), parts[2]);
    }
}
