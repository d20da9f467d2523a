package io.modelproxy.sharedstate;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Key cooldowns shared through Redis. Reads answer from a local {@link CooldownTable}; every cooldown
 * is written to it, to a Redis key that expires when the cooldown ends (for replicas that start or
 * reconnect later: they read them all back) and to a pub/sub channel (for replicas running now). While
 * Redis is unreachable the table alone serves, which is this replica's own state. A cooldown's value,
 * in the key and the message, is its end and whether it was promised ({@link CooldownEnd#text()}).
 */
final class SharedCooldowns implements KeyCooldowns {
    private final CooldownTable table = new CooldownTable();
    private final RedisLink link;
    private final String keys;
    private final String channel;
    private final InstantSource clock;
    private final AtomicReference<StatefulRedisPubSubConnection<String, String>> subscribed = new AtomicReference<>();

    SharedCooldowns(RedisLink link, String prefix, InstantSource clock) {
        this.link = link;
        this.keys = prefix + "cooldown|";
        this.channel = prefix + "cooldowns";
        this.clock = clock;
        link.whenConnected(this::joined);
    }

    @Override
    public CooldownEnd cooldown(KeySlot key, String model, long now) {
        return table.cooldown(key, model, now);
    }

    @Override
    public long providerCoolingUntil(KeySlot key, long now) {
        return table.providerCoolingUntil(key, now);
    }

    @Override
    public Map<String, Long> modelCooldowns(KeySlot key, long now) {
        return table.modelCooldowns(key, now);
    }

    @Override
    public void coolForModel(KeySlot key, String model, CooldownEnd end) {
        share(key, model, end);
    }

    @Override
    public void coolForProvider(KeySlot key, CooldownEnd end) {
        share(key, CooldownTable.PROVIDER, end);
    }

    private void share(KeySlot key, String model, CooldownEnd end) {
        table.cool(key, model, end);
        long ttl = end.until() - clock.millis();
        StatefulRedisConnection<byte[], byte[]> connection = link.connection();
        if (connection == null || ttl <= 0) {
            return;
        }
        String entry = key.key() + "|" + model;
        var commands = connection.async();
        commands.set(bytes(keys + entry), bytes(end.text()), SetArgs.Builder.px(ttl));
        commands.publish(bytes(channel), bytes(end.text() + "|" + entry)).toCompletableFuture()
                .whenComplete((receivers, error) -> {
                    if (error != null) {
                        link.failed(error.getClass().getSimpleName());
                    }
                });
    }

    /** On every (re)connection: listen for the other replicas, then read back what they cooled meanwhile. */
    private void joined(StatefulRedisConnection<byte[], byte[]> connection) {
        StatefulRedisPubSubConnection<String, String> pubSub = link.pubSub();
        if (pubSub != null && subscribed.getAndSet(pubSub) != pubSub) {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    if (from.equals(channel)) {
                        String[] parts = message.split("\\|", 2);
                        apply(parts[1], CooldownEnd.parse(parts[0]));
                    }
                }
            });
            pubSub.async().subscribe(channel);  // Lettuce subscribes again by itself after a reconnect
        }
        scan(connection, ScanCursor.INITIAL);
    }

    private void scan(StatefulRedisConnection<byte[], byte[]> connection, ScanCursor cursor) {
        connection.async().scan(cursor, ScanArgs.Builder.matches(keys + "*").limit(500)).toCompletableFuture()
                .whenComplete((page, error) -> {
                    if (error != null) {
                        link.failed(error.getClass().getSimpleName());
                        return;
                    }
                    if (!page.getKeys().isEmpty()) {
                        connection.async().mget(page.getKeys().toArray(byte[][]::new)).toCompletableFuture()
                                .thenAccept(values -> values.stream().filter(KeyValue::hasValue).forEach(kv ->
                                        apply(text(kv.getKey()).substring(keys.length()), CooldownEnd.parse(text(kv.getValue())))));
                    }
                    if (!page.isFinished()) {
                        scan(connection, page);
                    }
                });
    }

    /** One cooldown in its shared form, {@code provider|secret/key|fingerprint|model}. */
    private void apply(String entry, CooldownEnd end) {
        int last = entry.indexOf('|', entry.indexOf('|', entry.indexOf('|') + 1) + 1);
        table.cool(KeySlot.parse(entry.substring(0, last)), entry.substring(last + 1), end);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
