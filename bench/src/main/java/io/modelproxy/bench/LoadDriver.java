package io.modelproxy.bench;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends fixed-concurrency load over HTTP/1.1 keep-alive connections (as the coding agents and SDKs do)
 * and measures rounds. Each user records the time to the first body byte (the first token, for a stream)
 * and to the end of the response.
 */
public final class LoadDriver implements AutoCloseable {
    /** A response slower than this is an error; it also bounds how long a round can overrun. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_LIMIT = RESPONSE_TIMEOUT.plusSeconds(5);

    private final EventLoopGroup eventLoops;
    private final ClientFactory factory;
    private final Map<String, WebClient> clients = new HashMap<>();
    private final ProcessCpu cpu;
    private final OptionalLong upstreamPid;
    private final long selfPid = ProcessHandle.current().pid();

    /**
     * @param threads event loop threads of the driver
     * @param upstreamPid the fake upstream's process, to report its CPU time too
     */
    public LoadDriver(int threads, ProcessCpu cpu, OptionalLong upstreamPid) {
        this.eventLoops = EventLoopGroups.newEventLoopGroup(threads);
        this.factory = ClientFactory.builder()
                .workerGroup(eventLoops, false)
                // spread one target's connections over every driver thread
                .maxNumEventLoopsPerEndpoint(threads)
                .maxNumEventLoopsPerHttp1Endpoint(threads)
                // close idle connections before the servers' own idle timeouts can race a new request
                .idleTimeoutMillis(5_000)
                .build();
        this.cpu = cpu;
        this.upstreamPid = upstreamPid;
    }

    /**
     * Runs one round: {@code concurrency} users send requests back to back until {@code duration} has
     * passed, then the requests in flight finish.
     *
     * @throws IOException when a measured process has gone
     */
    public RoundResult run(Target target, Scenario scenario, int round, Duration duration)
            throws IOException, InterruptedException {
        WebClient client = clients.computeIfAbsent(target.name(), name -> WebClient.builder(
                        // h1c: HTTP/1.1 without an HTTP/2 attempt, the same protocol for every target
                        "h1c://" + target.uri().getHost() + ":" + target.uri().getPort())
                .factory(factory)
                .responseTimeout(RESPONSE_TIMEOUT)
                .maxResponseLength(0)
                .build());
        long proxyBefore = processCpu(target.pid());
        long upstreamBefore = processCpu(upstreamPid);
        long driverBefore = cpu.nanos(selfPid);

        CountDownLatch finished = new CountDownLatch(scenario.concurrency());
        Map<String, Long> causes = VirtualUser.newErrorCauses();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<VirtualUser> users = new ArrayList<>();
        for (int i = 0; i < scenario.concurrency(); i++) {
            users.add(new VirtualUser(client, scenario.mode(), deadline, finished::countDown, causes, eventLoops));
        }
        users.forEach(VirtualUser::start);
        if (!finished.await(duration.plus(DRAIN_LIMIT).toNanos(), TimeUnit.NANOSECONDS)) {
            throw new BenchmarkException(target.name() + " " + scenario + ": requests still in flight "
                    + DRAIN_LIMIT.toSeconds() + " s after the round ended");
        }

        long proxyCpu = target.pid().isPresent() ? processCpu(target.pid()) - proxyBefore : -1;
        long upstreamCpu = upstreamPid.isPresent() ? processCpu(upstreamPid) - upstreamBefore : -1;
        long driverCpu = cpu.nanos(selfPid) - driverBefore;
        Samples latency = new Samples();
        Samples firstByte = new Samples();
        long late = 0;
        long errors = 0;
        for (VirtualUser user : users) {
            latency.addAll(user.latency);
            firstByte.addAll(user.firstByte);
            late += user.completedAfterDeadline;
            errors += user.errors;
        }
        return new RoundResult(target.name(), scenario, round, deadline - start, latency, firstByte, late, errors,
                causes, proxyCpu, upstreamCpu, driverCpu);
    }

    /**
     * Waits until the target answers {@code GET /v1/models} with 200, as a started server eventually does.
     *
     * @throws BenchmarkException when it does not within {@code timeout}
     */
    public void awaitReady(Target target, Duration timeout) throws InterruptedException {
        WebClient probe = WebClient.builder(target.uri()).factory(factory).responseTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (target.pid().isPresent() && !ProcessHandle.of(target.pid().getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new BenchmarkException(target.name() + " (process " + target.pid().getAsLong() + ") exited before answering");
            }
            try {
                int status = probe.get("/v1/models").aggregate().join().status().code();
                if (status == 200) {
                    return;
                }
                last = "status " + status;
            } catch (RuntimeException e) {
                last = e.getCause() == null ? e.toString() : e.getCause().toString();
            }
            Thread.sleep(200);
        }
        throw new BenchmarkException(target.name() + " at " + target.uri() + " did not answer GET /v1/models with 200 within "
                + timeout.toSeconds() + " s (" + last + ")");
    }

    private long processCpu(OptionalLong pid) throws IOException {
        return pid.isPresent() ? cpu.nanos(pid.getAsLong()) : 0;
    }

    @Override
    public void close() {
        factory.close();
        // every request has finished by now: no quiet period to wait out
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
