package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.ManifestGateway;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Streams go through frame by frame, and a client that leaves stops the upstream stream. */
class StreamingTest {
    private static final int FRAMES = 20;

    @RegisterExtension
    @Order(1)
    static final FakeUpstream upstream = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final ManifestGateway gateway = ManifestGateway.oneRoute(upstream, Dialect.OpenAIChat, "m", "up");

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private HttpResponse streamRequest() {
        return gateway.http().execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                        .contentType(MediaType.JSON).build(),
                HttpData.ofUtf8("{\"model\":\"m\",\"stream\":true,\"messages\":[]}")));
    }

    @Test
    void eachFrameReachesTheClientBeforeTheUpstreamSendsTheNext() {
        Semaphore received = new Semaphore(0);
        AtomicReference<String> upstreamProblem = new AtomicReference<>();
        upstream.answer(call -> {
            HttpResponseWriter w = HttpResponse.streaming();
            w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
            CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < FRAMES; i++) {
                        w.write(HttpData.ofUtf8(HotReloadTest.chunk("tok-" + i)));
                        // lockstep: a proxy that buffered would never deliver this frame on its own
                        if (!received.tryAcquire(5, TimeUnit.SECONDS)) {
                            upstreamProblem.set("frame " + i + " did not reach the client");
                            w.abort();
                            return;
                        }
                    }
                    w.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                    w.close();
                } catch (InterruptedException e) {
                    w.abort(e);
                }
            });
            return w;
        });

        String body = collect(streamRequest(), text -> received.release(text.split("\"tok-", -1).length - 1)).join();

        assertThat(upstreamProblem.get()).isNull();
        for (int i = 0; i < FRAMES; i++) {
            assertThat(body).contains("\"tok-" + i + "\"");
        }
        assertThat(body).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    }

    @Test
    void aClientThatLeavesMidStreamStopsTheUpstreamStream() {
        CompletableFuture<Throwable> upstreamEnded = new CompletableFuture<>();
        upstream.answer(call -> {
            HttpResponseWriter w = HttpResponse.streaming();
            w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
            w.write(HttpData.ofUtf8(HotReloadTest.chunk("first")));
            w.whenComplete().handle((v, e) -> upstreamEnded.complete(e));
            return w;
        });

        CompletableFuture<Void> firstFrame = new CompletableFuture<>();
        CompletableFuture<String> body = collect(streamRequest(), text -> firstFrame.complete(null));
        firstFrame.join();
        body.cancel(true);

        await().atMost(Duration.ofSeconds(10)).until(upstreamEnded::isDone);
        assertThat(upstreamEnded.join()).as("the upstream stream was cancelled, not completed").isNotNull();
    }

    @Test
    void aClientThatLeavesBeforeTheUpstreamAnswersStopsTheAttempt() {
        CompletableFuture<Void> upstreamCalled = new CompletableFuture<>();
        CompletableFuture<Throwable> upstreamEnded = new CompletableFuture<>();
        upstream.answer(call -> {
            HttpResponseWriter w = HttpResponse.streaming();
            w.whenComplete().handle((v, e) -> upstreamEnded.complete(e));
            upstreamCalled.complete(null);
            return w;
        });

        CompletableFuture<String> body = collect(streamRequest(), text -> {});
        upstreamCalled.join();
        body.cancel(true);

        await().atMost(Duration.ofSeconds(10)).until(upstreamEnded::isDone);
        assertThat(upstreamEnded.join()).as("the upstream call was cancelled before it answered").isNotNull();
    }

    /**
     * Reads a response as it arrives, calling back for each piece of data (aggregating would hide
     * whether pieces arrive one by one); cancelling the returned future drops the connection.
     */
    private static CompletableFuture<String> collect(HttpResponse response, Consumer<String> onData) {
        CompletableFuture<String> result = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        response.subscribe(new Subscriber<HttpObject>() {
            @Override
            public void onSubscribe(Subscription s) {
                result.whenComplete((v, e) -> {
                    if (e != null) {
                        s.cancel();
                    }
                });
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(HttpObject o) {
                if (o instanceof HttpData d) {
                    text.append(d.toStringUtf8());
                    onData.accept(d.toStringUtf8());
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(text.toString());
            }
        });
        return result;
    }
}
