package io.modelproxy.translate;

/**
 * The ending every same-dialect stream shares: exactly one end reaches the client. The upstream's own
 * end (or error) event, when it went by, is that end; otherwise the stream gets its dialect's clean
 * end where one may be added (Chat's {@code [DONE]} after a finish), else its error event.
 */
public abstract class SameDialectStream implements ClientStream {
    protected static final byte[] NONE = new byte[0];
    private boolean ended;

    /** The upstream's own end or error event went by: nothing more is to be added. */
    protected final void ended() {
        ended = true;
    }

    /** The bytes of a clean end that may still be added, or null when the upstream broke off. */
    protected byte[] cleanEnd() {
        return null;
    }

    /** The dialect's error event(s), continuing what the stream sent so far. */
    protected abstract byte[] failure(ApiError error);

    @Override
    public final byte[] onComplete() {
        if (ended) {
            return NONE;
        }
        byte[] end = cleanEnd();
        if (end != null) {
            ended = true;
            return end;
        }
        return onFailure(ENDED_EARLY);
    }

    @Override
    public final byte[] onFailure(ApiError error) {
        if (ended) {
            return NONE;
        }
        ended = true;
        return failure(error);
    }
}
