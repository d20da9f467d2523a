package io.modelproxy.ratelimit;

/**
 * One limit that applies to a request.
 *
 * @param bucket the budget it draws from
 * @param scope whose limit it is, for messages: {@code client alice} or {@code client alice on model big}
 */
public record Limit(BucketId bucket, String scope) {

    public LimitKind kind() {
        return bucket.kind();
    }

    public long perMinute() {
        return bucket.perMinute();
    }

    /** What the 429 says: which limit, of whom, and how large. */
    public String describe() {
        return scope + " is over its limit of " + perMinute() + " " + kind().word() + " per minute";
    }
}
