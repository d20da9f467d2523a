package io.modelproxy.requestlog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Sink} behind a bounded queue and one writer thread: requests hand their record over and go
 * on; the writer takes what gathered in {@value #LINGER_MILLIS} ms at a time. A full queue (the sink is slower than the traffic, or stuck) drops the record and counts it, so
 * a slow disk never holds up a request.
 */
final class QueuedSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueuedSink.class);
    static final int DEFAULT_CAPACITY = 10_000;
    private static final int BATCH = 2_000;
    /**
     * How long the writer lets records gather after the first before it writes: one wake-up and one
     * transaction per batch instead of per record, at the price of records showing this much later.
     */
    static final long LINGER_MILLIS = 100;
    private static final RequestEntry STOP = new RequestEntry(null, 0, null, null, null, null, null, null, null, null,
            null, false, 0, null, null, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null);

    private final Sink sink;
    private final BlockingQueue<RequestEntry> queue;
    private final LongAdder dropped;
    private final Thread writer;
    private volatile boolean failing;

    /** @param dropped where records dropped by this sink are counted (kept across reloads by the caller) */
    QueuedSink(Sink sink, int capacity, LongAdder dropped) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = dropped;
        this.writer = Thread.ofPlatform().daemon().name("request-log-" + sink.name()).start(this::drain);
    }

    void offer(RequestEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    private void drain() {
        List<RequestEntry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                RequestEntry first = queue.take();
                batch.add(first);
                if (first != STOP) {
                    Thread.sleep(LINGER_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            boolean stop = batch.removeIf(e -> e == STOP);
            if (!batch.isEmpty()) {
                try {
                    sink.write(batch);
                    if (failing) {
                        log.info("request log {}: writing again", sink.name());
                        failing = false;
                    }
                } catch (Exception e) {
                    dropped.add(batch.size());
                    if (!failing) {
                        log.warn("request log {}: cannot write records ({}); dropping them until it can", sink.name(), e.toString());
                        failing = true;
                    }
                }
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Writes what is queued (for at most a few seconds), then closes the sink. */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 1, TimeUnit.SECONDS)) {
                writer.interrupt();
            }
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
