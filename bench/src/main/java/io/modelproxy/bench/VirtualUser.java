package io.modelproxy.bench;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    static final String PATH = "/v1/chat/completions";
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final WebClient client;
    private final RequestHeaders headers;
    private final Mode mode;
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
        this.headers = RequestHeaders.builder(HttpMethod.POST, PATH)
                .contentType(MediaType.JSON_UTF_8)
                .add("authorization", "Bearer sk-bench-client")
                .build();
        this.mode = mode;
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
        client.execute(headers, HttpData.wrap(mode.body()))
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
        private final byte[] tail = new byte[32];
        private int tailLength;

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
            } else if (mode.streaming() && !endsWithDone()) {
                failed("stream did not end with data: [DONE]");
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
            int take = Math.min(length, tail.length);
            int keep = Math.min(tailLength, tail.length - take);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            buf.getBytes(buf.readerIndex() + length - take, tail, keep, take);
            tailLength = keep + take;
        }

        /** True when the last non-blank bytes of the body are {@code [DONE]}. */
        private boolean endsWithDone() {
            int end = tailLength;
            while (end > 0 && Character.isWhitespace(tail[end - 1])) {
                end--;
            }
            if (end < DONE.length) {
                return false;
            }
            for (int i = 0; i < DONE.length; i++) {
                if (tail[end - DONE.length + i] != DONE[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
