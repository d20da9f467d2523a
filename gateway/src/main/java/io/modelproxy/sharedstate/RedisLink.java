package io.modelproxy.sharedstate;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.modelproxy.api.ModelGatewaySpec.FailureMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connections to Redis and whether Redis answers. Commands time out after
 * {@link #COMMAND_TIMEOUT} and fail at once while disconnected, so a slow or absent Redis costs a
 * request at most that long and never holds a thread. Lettuce reconnects a connection it once had;
 * the first connection is retried here until Redis is there. An outage is logged once when it starts
 * and once when it ends, and counted.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final String where;
    private final FailureMode mode;
    private final ScheduledExecutorService retries;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong outages = new AtomicLong();
    private final List<Consumer<StatefulRedisConnection<byte[], byte[]>>> onConnect = new CopyOnWriteArrayList<>();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean closed;

    RedisLink(String url, String password, FailureMode mode) {
        RedisURI parsed = RedisURI.create(url);
        RedisURI.Builder builder = RedisURI.builder(parsed).withTimeout(COMMAND_TIMEOUT);
        if (password != null) {
            builder.withPassword(password.toCharArray());
        }
        this.uri = builder.build();
        this.where = "Redis at " + parsed.getHost() + ":" + parsed.getPort();
        this.mode = mode;
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
                if (handler == connection) {
                    reconnected(connection);
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == connection && !closed) {
                    failed("connection lost");
                }
            }
        });
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-connect");
            t.setDaemon(true);
            return t;
        });
        retries.execute(this::connect);
    }

    /** Runs {@code action} on every (re)connection, and now if connected. */
    void whenConnected(Consumer<StatefulRedisConnection<byte[], byte[]>> action) {
        onConnect.add(action);
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current != null && current.isOpen()) {
            action.accept(current);
        }
    }

    /** The connection for commands, or null while there is none worth trying. */
    StatefulRedisConnection<byte[], byte[]> connection() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        return current != null && current.isOpen() && !down.get() ? current : null;
    }

    StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSub;
    }

    FailureMode mode() {
        return mode;
    }

    /** Whether Redis is answering now. */
    boolean reachable() {
        return connection() != null;
    }

    /** Outages so far: each is counted (and logged) once, however many requests met it. */
    long outages() {
        return outages.get();
    }

    /** A command failed or the connection dropped: an outage starts unless one is running. */
    void failed(String why) {
        if (down.compareAndSet(false, true)) {
            outages.incrementAndGet();
            log.warn("shared state: {} is unreachable ({}); {} until it returns", where, why,
                    mode == FailureMode.Closed ? "answering 503" : "serving with this replica's own state");
            // a connection that looks open but timed out is probed again shortly
            if (!closed) {
                retries.schedule(this::probe, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void reconnected(StatefulRedisConnection<byte[], byte[]> current) {
        if (down.compareAndSet(true, false)) {
            log.info("shared state: {} is reachable again", where);
        }
        onConnect.forEach(action -> action.accept(current));
    }

    private void probe() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (closed || current == null || !down.get()) {
            return;
        }
        if (!current.isOpen()) {
            return;  // Lettuce's reconnect brings it back and onRedisConnected ends the outage
        }
        current.async().ping().toCompletableFuture().whenComplete((pong, error) -> {
            if (error == null) {
                reconnected(current);
            } else if (!closed) {
                retries.schedule(this::probe, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                .thenCombine(client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture(), (main, sub) -> {
                    pubSub = sub;
                    connection = main;
                    reconnected(main);
                    return main;
                })
                .whenComplete((main, error) -> {
                    if (error != null && !closed) {
                        failed(error.getClass().getSimpleName());
                        retries.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        client.shutdownAsync(0, 2, TimeUnit.SECONDS);
    }
}
