package io.modelproxy.stream;

import io.modelproxy.requestlog.RequestTrace;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.sse.JsonFields;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.DialectWire;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The relay's demand, read off its subscription: reads asked of the upstream plus writes the client
 * has not consumed never exceed the window, so a client that stops reading holds the upstream.
 */
class StreamRelayBackpressureTest {
    private static final ResponseHeaders OK = ResponseHeaders.of(HttpStatus.OK);

    /** The upstream side: counts what the relay asked for and hands it one read per ask. */
    private static final class Upstream implements Subscription {
        long asked;
        long sent;
        boolean cancelled;

        @Override
        public void request(long n) {
            asked += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        /** Sends reads while the relay has asked for them; returns how many went. */
        int sendWhileAsked(StreamRelay relay, int most) {
            int count = 0;
            while (sent < asked && count < most) {
                sent++;
                count++;
                relay.onNext(HttpData.ofUtf8("data: {\"model\":\"up\",\"choices\":[{\"delta\":{\"content\":\"t" + sent
                        + "\"}}]}\n\n"));
            }
            return count;
        }
    }

    /** The client side: takes only what it asks for. */
    private static final class Client implements Subscriber<HttpObject> {
        final List<String> data = new ArrayList<>();
        Subscription subscription;
        Throwable error;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(HttpObject o) {
            if (o instanceof HttpData d) {
                data.add(d.toStringUtf8());
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {}
    }

    private static StreamRelay relay() {
        DialectWire chat = Dialects.standard().wire(Dialect.OpenAIChat);
        return new StreamRelay(chat, chat.passThrough("m", JsonFields.quoted("m"), RequestTrace.detached(), false), OK, OK,
                e -> ApiError.of(502, e.toString()), ImmediateEventExecutor.INSTANCE, 0);
    }

    /** A relay past its commit point, its client subscribed and handed the headers. */
    private static Client committed(StreamRelay relay, Upstream upstream) {
        relay.onSubscribe(upstream);
        upstream.sendWhileAsked(relay, 1);
        Client client = new Client();
        ((Outcome.Committed) relay.decision().join()).response().subscribe(client, ImmediateEventExecutor.INSTANCE);
        client.subscription.request(1);
        return client;
    }

    @Test
    void aClientThatCancelsStopsTheUpstream() {
        Upstream upstream = new Upstream();
        Client client = committed(relay(), upstream);
        client.subscription.cancel();
        assertThat(upstream.cancelled).isTrue();
    }

    @Test
    void aClientThatAsksForNothingIsToldSoAndTheUpstreamIsStopped() {
        Upstream upstream = new Upstream();
        Client client = committed(relay(), upstream);
        client.subscription.request(0);
        assertThat(client.error).isInstanceOf(IllegalArgumentException.class);
        assertThat(upstream.cancelled).isTrue();
    }

    @Test
    void aClientThatStopsReadingHoldsTheUpstreamAfterTheWindow() {
        StreamRelay relay = relay();
        Upstream upstream = new Upstream();
        relay.onSubscribe(upstream);
        assertThat(upstream.asked).isEqualTo(StreamRelay.WINDOW);

        // the first content read commits; nobody reads the client side yet
        assertThat(upstream.sendWhileAsked(relay, 1000)).isEqualTo(StreamRelay.WINDOW);
        assertThat(relay.decision()).isCompleted();
        assertThat(upstream.asked).as("two writes wait for the client: nothing more is asked").isEqualTo(StreamRelay.WINDOW);

        Client client = new Client();
        ((Outcome.Committed) relay.decision().join()).response().subscribe(client, ImmediateEventExecutor.INSTANCE);
        client.subscription.request(2); // the headers and the first write
        assertThat(client.data).hasSize(1).first().asString().contains("\"t1\"").contains("\"model\":\"m\"");
        assertThat(upstream.asked).as("one write consumed: one more read").isEqualTo(StreamRelay.WINDOW + 1);
        assertThat(upstream.sendWhileAsked(relay, 1000)).isEqualTo(1);

        // a client that keeps up: each write it consumes lets one more read in, one after the other
        for (int i = 0; i < 100; i++) {
            client.subscription.request(1);
            assertThat(upstream.asked - upstream.sent).isEqualTo(1);
            upstream.sendWhileAsked(relay, 1000);
        }
        assertThat(client.data).hasSize(101);
        assertThat(upstream.sent).isEqualTo(103);
        assertThat(upstream.asked - upstream.sent).isZero();
        assertThat(upstream.cancelled).isFalse();
    }
}
