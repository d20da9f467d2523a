package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class QueuedSinkTest {
    private static RequestEntry entry(int i) {
        return new RequestEntry(Instant.now(), 1, "POST", "/v1/chat/completions", "OpenAIChat", "c", "m" + i, "m", null, null,
                null, false, 200, "ok", null, List.of(), 1, 1, 1, -1, -1, -1, -1, -1, "none", null, null, null);
    }

    @Test
    void aStuckSinkNeverHoldsTheCallerAndEveryRecordIsWrittenOrCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<RequestEntry> written = Collections.synchronizedList(new ArrayList<>());
        Sink stuck = new Sink() {
            @Override
            public void write(List<RequestEntry> batch) throws InterruptedException {
                release.await();
                written.addAll(batch);
            }

            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public void close() {}
        };
        LongAdder dropped = new LongAdder();
        QueuedSink sink = new QueuedSink(stuck, 10, dropped);
        for (int i = 0; i < 1000; i++) {
            sink.offer(entry(i));  // returns at once although nothing is written
        }
        assertThat(dropped.sum()).isGreaterThanOrEqualTo(1000 - 10 - 1);
        release.countDown();
        sink.close();
        assertThat(written.size() + dropped.sum()).isEqualTo(1000);
    }

    @Test
    void aFailingBatchIsCountedAsDropped() {
        Sink failing = new Sink() {
            @Override
            public void write(List<RequestEntry> batch) throws Exception {
                throw new java.io.IOException("disk full");
            }

            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void close() {}
        };
        LongAdder dropped = new LongAdder();
        QueuedSink sink = new QueuedSink(failing, 100, dropped);
        for (int i = 0; i < 5; i++) {
            sink.offer(entry(i));
        }
        sink.close();
        assertThat(dropped.sum()).isEqualTo(5);
    }
}
