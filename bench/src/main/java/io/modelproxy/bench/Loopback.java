package io.modelproxy.bench;

/** The benchmark sends traffic to loopback only, by address, so no resolver can send it elsewhere. */
final class Loopback {
    static final String HOST = "127.0.0.1";

    private Loopback() {}

    static boolean is(String host) {
        return HOST.equals(host);
    }
}
