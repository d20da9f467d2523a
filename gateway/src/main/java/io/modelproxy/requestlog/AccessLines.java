package io.modelproxy.requestlog;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The access log line of each request on the {@code io.modelproxy.access} logger ({@code format: Text}). */
final class AccessLines implements Sink {
    private static final Logger access = LoggerFactory.getLogger("io.modelproxy.access");

    @Override
    public void write(List<RequestEntry> batch) {
        for (RequestEntry entry : batch) {
            access.info("{} {} client={} model={} route={} attempts={} stream={} bytes_in={} status={} latency_ms={}",
                    entry.method(), entry.path(), entry.client(), entry.model(), entry.route() == null ? "-" : entry.route(),
                    entry.attempts().size(), entry.stream(), entry.bytesIn(), entry.status(), entry.latencyMillis());
        }
    }

    @Override
    public String name() {
        return "access";
    }

    @Override
    public void close() {}
}
