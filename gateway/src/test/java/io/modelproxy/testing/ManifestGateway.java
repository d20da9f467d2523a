package io.modelproxy.testing;

import io.modelproxy.configsource.ManifestConfigSource;
import io.modelproxy.server.GatewayServer;
import io.modelproxy.translate.Translators;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A standalone gateway, as {@code serve --manifests DIR} runs it: on a loopback port, with the standard translators and no environment. */
public final class ManifestGateway {
    private ManifestGateway() {}

    public static GatewayServer start(Path manifests) {
        return GatewayServer.builder(new ManifestConfigSource(manifests, Map.of(), null, Duration.ofMillis(200)))
                .host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).translators(Translators.standard()::between)
                .build().start();
    }
}
