package io.modelproxy.translate;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the ids and timestamps the client sees come from ({@code msg_…}, {@code chatcmpl-…},
 * {@code resp_…}, {@code created}). Tests pass {@link #sequential(long)} so output is reproducible.
 */
public interface IdSource {

    /** A new id with the given prefix. */
    String newId(String prefix);

    /** Now, in Unix seconds. */
    long epochSeconds();

    /** Random ids and the given clock: what the gateway uses. */
    static IdSource random(Clock clock) {
        return new IdSource() {
            private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

            @Override
            public String newId(String prefix) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                StringBuilder sb = new StringBuilder(prefix.length() + 24).append(prefix);
                for (int i = 0; i < 24; i++) {
                    sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                return sb.toString();
            }

            @Override
            public long epochSeconds() {
                return clock.millis() / 1000;
            }
        };
    }

    /**
     * Ids {@code <prefix>0001}, {@code <prefix>0002}, … counted per source, and a fixed time. One
     * instance per exchange; not thread-safe.
     */
    static IdSource sequential(long epochSeconds) {
        return new IdSource() {
            private int next;

            @Override
            public String newId(String prefix) {
                return prefix + String.format("%04d", ++next);
            }

            @Override
            public long epochSeconds() {
                return epochSeconds;
            }
        };
    }
}
