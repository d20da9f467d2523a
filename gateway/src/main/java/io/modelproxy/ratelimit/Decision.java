package io.modelproxy.ratelimit;

/** The answer to a request's admission. */
public sealed interface Decision {

    /** Where the client's budgets stand, for the limit headers of the answer. */
    Quotas quotas();

    /** Served; {@link Reservation#settle(long)} once its real token usage is known. */
    record Admitted(Quotas quotas, Reservation reservation) implements Decision {}

    /**
     * Refused with 429.
     *
     * @param limit the limit the request would break
     * @param retryAfterSeconds when that budget holds enough again (at least 1)
     */
    record Limited(Quotas quotas, Limit limit, long retryAfterSeconds) implements Decision {
        /** The 429's message: which limit was hit and when to retry. */
        public String message() {
            return "rate limit exceeded: " + limit.describe() + "; retry in " + retryAfterSeconds + " s";
        }
    }

    /** Refused with 503: the shared budgets cannot be reached and the gateway fails closed. */
    record Unavailable(String message) implements Decision {
        @Override
        public Quotas quotas() {
            return Quotas.NONE;
        }
    }
}
