package io.modelproxy.metrics;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.modelproxy.requestlog.RequestLog;
import io.modelproxy.routing.RoutingTable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text format, without a client key (as Prometheus scrapes), unless
 * the ModelGateway sets {@code spec.metrics.enabled: false}; then 404. Rendering runs off the event loop.
 */
public final class MetricsService implements HttpService {
    private static final MediaType PROMETHEUS_TEXT = MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

    private final GatewayMetrics metrics;
    private final Supplier<RoutingTable> tables;
    private final RequestLog requestLog;

    public MetricsService(GatewayMetrics metrics, Supplier<RoutingTable> tables, RequestLog requestLog) {
        this.metrics = metrics;
        this.tables = tables;
        this.requestLog = requestLog;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        RoutingTable table = tables.get();
        if (table != null && !table.settings().metrics()) {
            return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8,
                    "metrics are off (ModelGateway spec.metrics.enabled: false)");
        }
        return HttpResponse.of(CompletableFuture.supplyAsync(
                () -> HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, metrics.scrape(table, requestLog)),
                ctx.blockingTaskExecutor()));
    }
}
