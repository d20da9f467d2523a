package io.modelproxy.keys;

import io.modelproxy.config.KeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys of one provider in rotation order. Each request starts one key further along (round robin)
 * and then tries the rest in order, skipping keys that are cooling down.
 */
public final class KeyPool {
    private final List<PooledKey> keys;
    private final List<KeyRef> missing;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param keys the keys whose values were found
     * @param missing configured keys whose values were not found (left out of rotation)
     */
    public KeyPool(List<PooledKey> keys, List<KeyRef> missing) {
        this.keys = List.copyOf(keys);
        this.missing = List.copyOf(missing);
    }

    /** True when the provider has no keys configured: the client's own credential is forwarded. */
    public boolean forwardsClientCredential() {
        return keys.isEmpty() && missing.isEmpty();
    }

    public List<PooledKey> keys() {
        return keys;
    }

    public List<KeyRef> missing() {
        return missing;
    }

    /** The keys in the order one request should try them. */
    public List<PooledKey> rotation() {
        int n = keys.size();
        if (n <= 1) {
            return keys;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        List<PooledKey> order = new ArrayList<>(n);
        order.addAll(keys.subList(start, n));
        order.addAll(keys.subList(0, start));
        return order;
    }
}
