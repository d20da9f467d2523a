package io.modelproxy.upstream;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.proxy.ProxyConfig;
import io.modelproxy.api.Dialect;
import io.modelproxy.api.HttpVersion;
import io.modelproxy.config.KeyRef;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.configsource.InvalidConfigException;
import io.modelproxy.keys.ApiKey;
import io.modelproxy.keys.KeyPool;
import io.modelproxy.keys.KeyStates;
import io.modelproxy.sharedstate.KeyCooldowns;
import io.modelproxy.keys.PooledKey;
import io.modelproxy.mock.MockProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@link Upstream}s for successive configs and keeps what must outlive one config: one
 * WebClient per (base URL, proxy, HTTP version), reused while a reload leaves them unchanged, the
 * connection pools behind them, and every key's cooldown state.
 * <p>
 * An upstream request runs on the event loop of the client request it serves ({@link CallerEventLoops}),
 * so every event loop keeps its own keep-alive connections to each upstream, as many as its requests
 * in flight need, and no request or answer crosses threads on its way through.
 */
public final class Upstreams implements AutoCloseable {
    private final KeyStates keyStates;
    private final Map<ClientSpec, WebClient> clients = new ConcurrentHashMap<>();
    private final ClientFactory direct = factory().build();
    private final Map<String, ClientFactory> proxyFactories = new ConcurrentHashMap<>();

    private record ClientSpec(String baseUrl, String proxy, HttpVersion version) {
        /**
         * The base URL's origin with the scheme Armeria reads the protocol from: {@code http}/{@code https}
         * negotiate, {@code h1c}/{@code h1} speak HTTP/1.1 only, {@code h2c}/{@code h2} HTTP/2 only (h2c with
         * prior knowledge). The path stays out: requests carry it ({@link Upstream#headers}).
         */
        String clientUrl() {
            URI uri = URI.create(baseUrl);
            boolean tls = "https".equals(uri.getScheme());
            String rest = "://" + uri.getRawAuthority();
            return switch (version) {
                case Auto -> uri.getScheme() + rest;
                case HTTP1 -> (tls ? "h1" : "h1c") + rest;
                case HTTP2 -> (tls ? "h2" : "h2c") + rest;
            };
        }
    }

    /** @param cooldowns where key cooldowns live: this process, or Redis shared with the other replicas */
    public Upstreams(KeyCooldowns cooldowns) {
        this.keyStates = new KeyStates(cooldowns);
    }

    /**
     * The run-time form of a provider.
     *
     * @param keyValues the values of the provider's keys, absent for keys that could not be read
     */
    public Upstream build(ProviderConfig provider, Map<KeyRef, String> keyValues) throws InvalidConfigException {
        if (provider.name() == null || provider.name().isBlank()) {
            throw new InvalidConfigException("a provider has no name");
        }
        if (provider.protocol() == null) {
            throw new InvalidConfigException("provider " + provider.name() + " has no protocol");
        }
        if (provider.protocol() == Dialect.Mock) {
            return new Upstream(provider, MockProvider.client(provider.mock()), new KeyPool(List.of(), List.of()));
        }
        String baseUrl = checkedBaseUrl(provider);
        List<PooledKey> keys = new ArrayList<>();
        List<KeyRef> missing = new ArrayList<>();
        for (KeyRef ref : provider.keys()) {
            String value = keyValues.get(ref);
            if (value == null) {
                missing.add(ref);
            } else {
                ApiKey key = new ApiKey(ref, value);
                keys.add(new PooledKey(key, keyStates.stateFor(provider.name(), key)));
            }
        }
        WebClient client = clients.computeIfAbsent(new ClientSpec(baseUrl, blankToNull(provider.proxy()), provider.httpVersion()),
                spec -> WebClient.builder(spec.clientUrl())
                        .factory(factoryFor(spec.proxy()))
                        .responseTimeoutMillis(0)
                        .maxResponseLength(0)
                        .build());
        return new Upstream(provider, client, new KeyPool(keys, missing));
    }

    /** Drops clients and key states that the new config no longer uses; in-flight requests keep theirs. */
    public void retainOnly(Collection<Upstream> live) {
        Set<ClientSpec> specs = new HashSet<>();
        Set<KeyStates.Id> ids = new HashSet<>();
        for (Upstream u : live) {
            if (u.answersLocally()) {
                continue;
            }
            specs.add(new ClientSpec(stripSlash(u.config().baseUrl()), blankToNull(u.config().proxy()), u.config().httpVersion()));
            u.keys().keys().forEach(k -> ids.add(new KeyStates.Id(u.name(), k.key().ref())));
        }
        clients.keySet().retainAll(specs);
        keyStates.retainOnly(ids);
    }

    /** The settings every upstream connection shares. */
    private static ClientFactoryBuilder factory() {
        return ClientFactory.builder().eventLoopSchedulerFactory(CallerEventLoops::new);
    }

    private ClientFactory factoryFor(String proxy) {
        if (proxy == null) {
            return direct;
        }
        return proxyFactories.computeIfAbsent(proxy, p -> {
            URI uri = URI.create(p);
            InetSocketAddress address = InetSocketAddress.createUnresolved(uri.getHost(),
                    uri.getPort() > 0 ? uri.getPort() : 3128);
            ProxyConfig config = uri.getScheme().startsWith("socks") ? ProxyConfig.socks5(address)
                    : ProxyConfig.connect(address);
            return factory().proxyConfig(config).build();
        });
    }

    private static String checkedBaseUrl(ProviderConfig provider) throws InvalidConfigException {
        String baseUrl = provider.baseUrl();
        try {
            URI uri = new URI(baseUrl == null ? "" : baseUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidConfigException("provider " + provider.name() + ": baseUrl must be an http(s) URL");
            }
            if (provider.proxy() != null && !provider.proxy().isBlank()) {
                URI proxy = new URI(provider.proxy());
                if (proxy.getHost() == null || proxy.getScheme() == null) {
                    throw new InvalidConfigException("provider " + provider.name() + ": proxy must be a URL like http://host:port");
                }
            }
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("provider " + provider.name() + ": " + e.getMessage());
        }
        return stripSlash(baseUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        proxyFactories.values().forEach(ClientFactory::close);
        proxyFactories.clear();
        clients.clear();
        direct.close();
    }
}
