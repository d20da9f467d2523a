package io.modelproxy.auth;

import io.modelproxy.keys.KeyDigest;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The keys clients authenticate with, each naming one client. Keys are held only as SHA-256 digests
 * and compared with {@link MessageDigest#isEqual} against every key, so neither the length nor the
 * position of a match leaks through timing.
 */
public final class ClientKeys {
    /** The client name of requests when client auth is off. */
    public static final String ANONYMOUS = "anonymous";

    private final List<Entry> entries;
    private final boolean required;

    private record Entry(String client, byte[] digest) {}

    private ClientKeys(List<Entry> entries, boolean required) {
        this.entries = entries;
        this.required = required;
    }

    /** No client auth: every request is accepted as {@link #ANONYMOUS}. */
    public static ClientKeys none() {
        return new ClientKeys(List.of(), false);
    }

    /**
     * Client auth on. An empty list still requires auth (configured keys that could not be read must
     * lock the gateway, not open it).
     */
    public static ClientKeys of(List<ClientKey> keys) {
        return new ClientKeys(keys.stream().map(k -> new Entry(k.client(), KeyDigest.sha256(k.value()))).toList(), true);
    }

    /** One client's key; its value never appears in {@link #toString()}. */
    public record ClientKey(String client, String value) {
        @Override
        public String toString() {
            return "ClientKey[" + client + "]";
        }
    }

    public boolean required() {
        return required;
    }

    public int size() {
        return entries.size();
    }

    /** The name of the client the credential belongs to, or empty when it matches no key. */
    public Optional<String> authenticate(Credential credential) {
        if (!required) {
            return Optional.of(ANONYMOUS);
        }
        if (!credential.isPresent()) {
            return Optional.empty();
        }
        byte[] presented = KeyDigest.sha256(credential.token());
        String match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented) && match == null) {
                match = e.client();
            }
        }
        return Optional.ofNullable(match);
    }
}
