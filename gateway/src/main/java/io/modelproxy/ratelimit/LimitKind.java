package io.modelproxy.ratelimit;

/** What a limit counts. */
public enum LimitKind {
    REQUESTS("requests"),
    TOKENS("tokens");

    private final String word;

    LimitKind(String word) {
        this.word = word;
    }

    /** The word the limit headers and messages use: {@code requests} or {@code tokens}. */
    public String word() {
        return word;
    }
}
