package io.modelproxy.bench;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.HttpVersion;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code idle-streams}: holds streams open through a gateway process and reads its memory. An upstream
 * in this process answers every stream with one chunk and then only a comment every 15 s; a client in
 * this process opens the streams, each on its own HTTP/1.1 connection, and keeps reading. With the
 * gateway speaking HTTP/1.1 upstream too, every stream costs the gateway two connections. The gateway
 * runs with the JVM options of the image's launcher ({@code docker/Dockerfile}) unless told others.
 * Everything is on loopback and stopped before the command returns.
 */
@Command(name = "idle-streams", mixinStandardHelpOptions = true,
        description = "Hold streams open through a gateway process (loopback only) and print its heap after a full GC, RSS and files.")
final class IdleStreamsCommand implements Callable<Integer> {
    /** The image's launcher ({@code docker/Dockerfile}): its {@code JAVA_TOOL_OPTIONS} ... */
    static final String LAUNCHER_TOOL_OPTIONS =
            "-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=0.5 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";
    /** ... and the flags its jvm.args holds from a JDK version on. */
    static final List<LauncherArg> LAUNCHER_ARGS = List.of(new LauncherArg(23, "--sun-misc-unsafe-memory-access=allow"),
            new LauncherArg(25, "-XX:+UseCompactObjectHeaders"));

    /** A flag of the image's jvm.args, there when the JRE is version {@code fromJdk} or later. */
    record LauncherArg(int fromJdk, String flag) {}
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Spec
    private CommandSpec spec;

    @Option(names = "--gateway-jar", required = true, paramLabel = "JAR", description = "The gateway's model-proxy.jar.")
    private Path gatewayJar;

    @Option(names = "--streams", defaultValue = "9000", description = "Streams to hold open (default ${DEFAULT-VALUE}).")
    private int streams;

    @Option(names = "--batch", defaultValue = "500", description = "Streams opened at a time (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--java-opts", paramLabel = "OPTIONS", defaultValue = "",
            description = "JVM options of the gateway besides the launcher's, space-separated.")
    private String javaOpts;

    @Option(names = "--histogram", defaultValue = "0", paramLabel = "N",
            description = "Also print the N classes that hold the most of the gateway's heap with the streams open (default none).")
    private int histogram;

    @Option(names = "--heap-dump", paramLabel = "FILE",
            description = "Also write the gateway's heap with the streams open to FILE (an .hprof, live objects only).")
    private Path heapDump;

    @Option(names = "--upstream-http", defaultValue = "HTTP1",
            description = "The HTTP version the gateway speaks to the upstream: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private HttpVersion upstreamHttp;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("model-proxy-idle-streams");
        List<HttpResponse> held = new ArrayList<>();
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        Process gateway = null;
        ClientFactory factory = ClientFactory.builder().idleTimeoutMillis(0).build();
        try (IdleUpstream upstream = new IdleUpstream()) {
            GatewaySetup setup = GatewaySetup.write(dir, URI.create(upstream.baseUrl()), GatewaySetup.Variant.PLAIN, null,
                    upstreamHttp);
            int port = freePort();
            gateway = start(setup, port, dir.resolve("gateway.log"));
            WebClient client = WebClient.builder("h1c://" + Loopback.HOST + ":" + port).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            awaitReady(client, gateway);
            ProcessMemory before = ProcessMemory.of(gateway.pid());
            for (int opened = 0; opened < streams; opened += batch) {
                int n = Math.min(batch, streams - opened);
                CountDownLatch first = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    held.add(open(client, first, refused));
                }
                if (!first.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new BenchmarkException((opened + n - first.getCount()) + " of " + (opened + n)
                            + " streams got their first chunk within " + PATIENCE.toSeconds() + " s; see " + dir.resolve("gateway.log"));
                }
                if (!refused.isEmpty()) {
                    throw new BenchmarkException(refused.size() + " streams were refused, the first with " + refused.peek());
                }
            }
            ProcessMemory after = ProcessMemory.of(gateway.pid());
            out.printf("idle streams through the gateway: %d, upstream HTTP %s, gateway pid %d, JVM options: %s %s%n", streams,
                    upstreamHttp, gateway.pid(), "JAVA_TOOL_OPTIONS=" + LAUNCHER_TOOL_OPTIONS, String.join(" ", jvmArgs()));
            out.printf("%-22s %12s %12s %10s%n", "", "heap MiB", "RSS MiB", "files");
            out.printf("%-22s %12.1f %12.1f %10d%n", "before", mib(before.heapBytes()), mib(before.rssBytes()), before.fds());
            out.printf("%-22s %12.1f %12.1f %10d%n", "with the streams", mib(after.heapBytes()), mib(after.rssBytes()), after.fds());
            out.printf("%-22s %12.1f %12.1f %10.2f%n", "per stream (KiB)", (after.heapBytes() - before.heapBytes()) / 1024.0 / streams,
                    (after.rssBytes() - before.rssBytes()) / 1024.0 / streams, (double) (after.fds() - before.fds()) / streams);
            if (histogram > 0) {
                out.println(ProcessMemory.histogram(gateway.pid(), histogram));
            }
            if (heapDump != null) {
                ProcessMemory.dumpHeap(gateway.pid(), heapDump.toAbsolutePath());
                out.println("heap dump: " + heapDump.toAbsolutePath());
            }
            out.flush();
            return 0;
        } finally {
            held.forEach(HttpResponse::abort);
            if (gateway != null) {
                gateway.destroy();
                if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
            factory.close();
        }
    }

    /** The launcher's flags for the JDK this runs on (the gateway's), then the extra options. */
    private List<String> jvmArgs() {
        List<String> args = new ArrayList<>();
        LAUNCHER_ARGS.stream().filter(a -> Runtime.version().feature() >= a.fromJdk()).forEach(a -> args.add(a.flag()));
        if (!javaOpts.isBlank()) {
            args.addAll(Arrays.asList(javaOpts.strip().split("\\s+")));
        }
        return args;
    }

    private Process start(GatewaySetup setup, int port, Path log) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs());
        command.addAll(List.of("-jar", gatewayJar.toString(), "serve", "--config", setup.config().toString(),
                "--secrets-dir", setup.secretsDir().toString(), "--host", Loopback.HOST, "--port", Integer.toString(port),
                "--log-level", "warn"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_TOOL_OPTIONS", LAUNCHER_TOOL_OPTIONS);
        return builder.start();
    }

    private static void awaitReady(WebClient client, Process gateway) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new BenchmarkException("the gateway exited with " + gateway.exitValue());
            }
            try {
                if (client.get("/health/ready").aggregate().join().status().code() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new BenchmarkException("the gateway was not ready within " + PATIENCE.toSeconds() + " s");
    }

    /**
     * A stream that counts down {@code first} at its first chunk and then reads whatever comes; an answer
     * that is no stream (an error) is kept in {@code refused}.
     */
    private static HttpResponse open(WebClient client, CountDownLatch first, Queue<String> refused) {
        HttpResponse res = client.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                .contentType(MediaType.JSON).build(),
                HttpData.ofUtf8("{\"model\":\"bench\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        res.subscribe(new Subscriber<HttpObject>() {
            private boolean counted;
            private boolean stream;

            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(HttpObject o) {
                if (o instanceof ResponseHeaders h && !h.status().isInformational()) {
                    stream = h.status().code() == 200 && h.contentType() != null && h.contentType().is(MediaType.EVENT_STREAM);
                } else if (o instanceof HttpData d && !counted) {
                    counted = true;
                    if (!stream) {
                        refused.add(d.toStringUtf8());
                    }
                    first.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        return res;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
            return socket.getLocalPort();
        }
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
