package io.modelproxy.testing;

import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.server.GatewayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A standalone gateway on a directory of manifests already on disk (the quickstart's, say), as {@code serve --manifests DIR} runs it, with no environment. */
public final class StandaloneGateway {
    private StandaloneGateway() {}

    public static GatewayServer start(Path manifests) {
        return GatewayServer.builder(new ManifestConfigSource(manifests, Map.of(), null, Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build().start();
    }
}
