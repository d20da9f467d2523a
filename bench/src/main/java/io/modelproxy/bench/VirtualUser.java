package io.modelproxy.bench;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One slot of fixed concurrency: sends a request, reads the whole response, sends the next, until the
 * deadline. Only one request of a user is in flight at a time, so its counters need no locking; the
 * round reads them after every user has finished.
 */
final class VirtualUser {
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final WebClient client;
    private final Mode mode;
    private final Optional<byte[]> lastEvent;
    private final long deadline;
    private final Runnable onFinished;
    private final Map<String, Long> errorCauses;
    private final Executor retry;

    final Samples latency = new Samples();
    final Samples firstByte = new Samples();
    long completedAfterDeadline;
    long errors;

    /**
     * @param deadline {@link System#nanoTime()} after which no request is started, and responses that end
     *     later are counted for CPU time only
     * @param errorCauses shared by the users of a round: what went wrong, with counts
     * @param retry where the next request starts after a failure, so failures that are reported at once
     *     cannot recurse
     */
    VirtualUser(WebClient client, Mode mode, long deadline, Runnable onFinished, Map<String, Long> errorCauses,
                Executor retry) {
        this.client = client;
        this.mode = mode;
        this.lastEvent = mode.lastEvent();
        this.deadline = deadline;
        this.onFinished = onFinished;
        this.errorCauses = errorCauses;
        this.retry = retry;
    }

    static Map<String, Long> newErrorCauses() {
        return new ConcurrentHashMap<>();
    }

    void start() {
        next();
    }

    private void next() {
        long start = System.nanoTime();
        if (start - deadline >= 0) {
            onFinished.run();
            return;
        }
        client.execute(mode.headers(), HttpData.wrap(mode.body()))
                .subscribe(new Exchange(start), SubscriptionOption.WITH_POOLED_OBJECTS);
    }

    private void failed(String cause) {
        errors++;
        errorCauses.merge(cause, 1L, Long::sum);
        retry.execute(this::next);
    }

    /** Reads one response; decides whether it was whole and correct. */
    private final class Exchange implements Subscriber<HttpObject> {
        private final long start;
        private long firstData;
        private int status;
        // long enough for the last Anthropic event: event: message_stop, data: {"type":"message_stop"}
        private final byte[] tail = new byte[96];
        private int tailLength;
        private long bodyLength;

        Exchange(long start) {
            this.start = start;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpObject object) {
            if (object instanceof ResponseHeaders response) {
                if (!response.status().isInformational()) {
                    status = response.status().code();
                }
            } else if (object instanceof HttpData data) {
                try {
                    if (!data.isEmpty()) {
                        if (firstData == 0) {
                            firstData = System.nanoTime();
                        }
                        keepTail(data.byteBuf());
                    }
                } finally {
                    data.close();
                }
            }
        }

        @Override
        public void onError(Throwable cause) {
            failed(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }

        @Override
        public void onComplete() {
            long end = System.nanoTime();
            if (status != HttpStatus.OK.code()) {
                failed("status " + status);
            } else if (firstData == 0) {
                failed("empty body");
            } else if (lastEvent.isPresent() && !lastEventStartsWith(lastEvent.get())) {
                failed("stream did not end with " + new String(lastEvent.get(), StandardCharsets.US_ASCII));
            } else {
                if (end - deadline <= 0) {
                    latency.add(end - start);
                    firstByte.add(firstData - start);
                } else {
                    completedAfterDeadline++;
                }
                next();
            }
        }

        private void keepTail(ByteBuf buf) {
            int length = buf.readableBytes();
            bodyLength += length;
            int take = Math.min(length, tail.length);
            int keep = Math.min(tailLength, tail.length - take);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            buf.getBytes(buf.readerIndex() + length - take, tail, keep, take);
            tailLength = keep + take;
        }

        /** True when the body's last event starts with the marker (a marker inside an event's data does not count). */
        private boolean lastEventStartsWith(byte[] marker) {
            int end = tailLength;
            while (end > 0 && Character.isWhitespace(tail[end - 1])) {
                end--;
            }
            int separator = lastIndexOf(EVENT_END, 0, end);
            // no separator in the tail: the last event starts the body only when the tail holds the whole body
            int eventStart = separator >= 0 ? separator + EVENT_END.length : bodyLength == tailLength ? 0 : -1;
            return eventStart >= 0 && end - eventStart >= marker.length
                    && Arrays.equals(tail, eventStart, eventStart + marker.length, marker, 0, marker.length);
        }

        private int lastIndexOf(byte[] pattern, int from, int to) {
            for (int at = to - pattern.length; at >= from; at--) {
                if (Arrays.equals(tail, at, at + pattern.length, pattern, 0, pattern.length)) {
                    return at;
                }
            }
            return -1;
        }
    }
}
