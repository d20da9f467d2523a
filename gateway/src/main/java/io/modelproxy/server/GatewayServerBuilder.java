package io.modelproxy.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.modelproxy.api.Dialect;
import io.modelproxy.configsource.ConfigSource;
import io.modelproxy.translate.ExchangeTranslator;
import io.modelproxy.dialect.Dialects;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** Options of a gateway process; everything else comes from the config source. */
public final class GatewayServerBuilder {
    final ConfigSource source;
    String host = "127.0.0.1";
    int port = 9876;
    String clientApiKey;
    List<String> corsOrigins = List.of();
    Integer defaultContextWindow;
    Dialects dialects;
    BiFunction<Dialect, Dialect, ExchangeTranslator> translators;
    InstantSource clock = InstantSource.system();
    Duration shutdownGrace = Duration.ofSeconds(30);
    final List<BiConsumer<GatewayServer, ServerBuilder>> mounts = new ArrayList<>();

    GatewayServerBuilder(ConfigSource source) {
        this.source = source;
    }

    /** The address to listen on; anything but loopback needs client keys. Default 127.0.0.1. */
    public GatewayServerBuilder host(String host) {
        this.host = host;
        return this;
    }

    /** The port; 0 picks a free one (see {@link GatewayServer#port()}). Default 9876. */
    public GatewayServerBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** A client key besides the config's ({@code CLIENT_API_KEY}); null for none. */
    public GatewayServerBuilder clientApiKey(String clientApiKey) {
        this.clientApiKey = clientApiKey == null || clientApiKey.isBlank() ? null : clientApiKey;
        return this;
    }

    /** CORS origins besides the config's ({@code CORS_ORIGINS}). */
    public GatewayServerBuilder corsOrigins(List<String> corsOrigins) {
        this.corsOrigins = List.copyOf(corsOrigins);
        return this;
    }

    /** The context window reported when nothing else knows it ({@code DEFAULT_CONTEXT_WINDOW}); null for the config's. */
    public GatewayServerBuilder defaultContextWindow(Integer defaultContextWindow) {
        this.defaultContextWindow = defaultContextWindow;
        return this;
    }

    /** The wire dialects; default {@link Dialects#standard()}. */
    public GatewayServerBuilder dialects(Dialects dialects) {
        this.dialects = dialects;
        return this;
    }

    /**
     * Replaces the translators of routes whose provider speaks another dialect than the client
     * (default: the dialects' own, {@link Dialects#between}): {@code (client dialect, provider
     * dialect) -> translator}, null when a pair is not supported (such a route then answers 400).
     * Same-dialect traffic never goes through it.
     */
    public GatewayServerBuilder translators(BiFunction<Dialect, Dialect, ExchangeTranslator> translators) {
        this.translators = translators;
        return this;
    }

    /** The clock of key cooldowns and circuits (tests move it forward). */
    public GatewayServerBuilder clock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /**
     * How long {@link GatewayServer#close()} lets in-flight requests and streams finish (new ones are refused
     * after a quiet second). Default 30 s, Kubernetes' default termination grace period.
     */
    public GatewayServerBuilder shutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
        return this;
    }

    /**
     * Adds routes of another feature to the gateway's server (the admin UI and API); they answer
     * for themselves: the gateway's client authentication does not apply to them.
     */
    public GatewayServerBuilder mount(Consumer<ServerBuilder> mount) {
        this.mounts.add((gateway, sb) -> mount.accept(sb));
        return this;
    }

    /**
     * Like {@link #mount(Consumer)}, for routes that read the gateway's live state (the admin's
     * recent requests and key states: {@link GatewayServer#requestLog()}, {@link GatewayServer#keyStatuses()}).
     */
    public GatewayServerBuilder mountWith(BiConsumer<GatewayServer, ServerBuilder> mount) {
        this.mounts.add(mount);
        return this;
    }

    public GatewayServer build() {
        boolean loopbackOnly;
        try {
            InetAddress address = InetAddress.getByName(host);
            loopbackOnly = address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new GatewayStartException("cannot resolve listen address " + host);
        }
        return new GatewayServer(this, loopbackOnly);
    }
}
