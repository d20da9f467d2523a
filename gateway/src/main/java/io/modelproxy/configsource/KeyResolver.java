package io.modelproxy.configsource;

import io.modelproxy.config.KeyRef;
import java.util.Optional;

/** Looks up the value of a key named by a {@link KeyRef}. May block (file reads). */
@FunctionalInterface
public interface KeyResolver {

    /** The key's value, or empty when it does not exist (the key is then left out of rotation). */
    Optional<String> resolve(KeyRef ref);
}
