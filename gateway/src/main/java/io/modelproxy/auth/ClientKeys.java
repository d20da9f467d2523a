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

    /**
     * An authenticated client.
     *
     * @param client the client's name
     * @param forwardable what of its credential may go to a provider that has no keys of its own: never
     *     the gateway key it authenticated with (that is the gateway's secret, not the provider's)
     */
    public record Identity(String client, Credential forwardable) {}

    public boolean required() {
        return required;
    }

    public int size() {
        return entries.size();
    }

    /** Who presented the credential, or empty when neither of its tokens is a client key. */
    public Optional<Identity> authenticate(Credential credential) {
        if (!required) {
            return Optional.of(new Identity(ANONYMOUS, credential));
        }
        String byBearer = credential.bearer() == null ? null : match(credential.bearer());
        if (byBearer != null) {
            return Optional.of(new Identity(byBearer, credential.withoutBearer()));
        }
        String byApiKey = credential.apiKey() == null ? null : match(credential.apiKey());
        return byApiKey == null ? Optional.empty() : Optional.of(new Identity(byApiKey, credential.withoutApiKey()));
    }

    private String match(String token) {
        byte[] presented = KeyDigest.sha256(token);
        String match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented) && match == null) {
                match = e.client();
            }
        }
        return match;
    }
}
