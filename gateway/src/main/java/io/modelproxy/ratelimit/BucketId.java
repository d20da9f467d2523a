package io.modelproxy.ratelimit;

/**
 * Names one budget: whose, on what, counting what, and how large. The size is part of the name so a
 * reload that changes a limit starts a budget of the new size instead of inheriting one of the old.
 *
 * @param client the client's name
 * @param model the client-facing model of a per-model cap, null for the client's own budget
 */
public record BucketId(String client, String model, LimitKind kind, long perMinute) {

    /** A stable text form, the budget's key in a shared store. */
    public String key() {
        return kind.word() + ":" + perMinute + ":" + client + (model == null ? "" : "|" + model);
    }
}
