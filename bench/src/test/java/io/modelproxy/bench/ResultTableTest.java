package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static final Scenario STREAM_16 = new Scenario(Mode.STREAM, 16);

    private static Summary summary(String target, double rate, long p50Millis, double cpuMicros) {
        return summary(target, STREAM_16, rate, p50Millis, cpuMicros);
    }

    private static Summary summary(String target, Scenario scenario, double rate, long p50Millis, double cpuMicros) {
        return new Summary(target, scenario, 3, 1000, 0, rate, rate - 10, rate + 10, p50Millis * 1_000_000,
                p50Millis * 4_000_000, p50Millis * 500_000, p50Millis * 2_000_000, cpuMicros, 30, 40);
    }

    private static String[] row(String table, String target) {
        return table.lines().filter(line -> line.startsWith(target + " ")).findFirst().orElseThrow().split("\\s+");
    }

    @Test
    void givesRatiosToDirectAndGatewayToNginx() {
        String table = ResultTable.render(List.of(summary("direct", 1000, 2, Double.NaN),
                summary("nginx", 800, 3, 50), summary("gateway", 400, 6, 150)));

        assertThat(table).startsWith("stream (50 SSE chunks + [DONE]), 16 in flight");
        // target req/s min-max p50 p99 ttfb50 ttfb99 cpu errors | req/s p50 p99 ttfb (ratios)
        assertThat(row(table, "direct")).containsExactly("direct", "1000", "990-1010", "2.00", "8.00", "1.00", "4.00",
                "-", "0", "|", "1.00x", "1.00x", "1.00x", "1.00x");
        assertThat(row(table, "nginx")).containsExactly("nginx", "800", "790-810", "3.00", "12.00", "1.50", "6.00",
                "50.0", "0", "|", "0.80x", "1.50x", "1.50x", "1.50x");
        assertThat(row(table, "gateway")).containsSequence("150.0", "0", "|", "0.40x", "3.00x");
        assertThat(row(table, "gateway/nginx")).containsExactly("gateway/nginx", "3.00x", "|", "0.50x", "2.00x",
                "2.00x", "2.00x");
        // time to first byte at p50: direct 1 ms, nginx 1.5 ms, gateway 3 ms
        assertThat(table).contains("TTFB p50 added over direct: nginx +0.50 ms, gateway +2.00 ms");
    }

    @Test
    void withoutDirectOrNginxThereIsNothingToCompareWith() {
        String table = ResultTable.render(List.of(summary("gateway", 400, 6, 150)));

        assertThat(row(table, "gateway")).endsWith("|", "-", "-", "-", "-");
        assertThat(table).doesNotContain("gateway/nginx").doesNotContain("translated").doesNotContain("added over");
    }

    @Test
    void comparesTheTranslatedStreamWithThePassThroughStreamAtTheSameConcurrency() {
        Scenario translated16 = new Scenario(Mode.MESSAGES_STREAM, 16);
        Scenario translated64 = new Scenario(Mode.MESSAGES_STREAM, 64);
        String table = ResultTable.render(List.of(summary("direct", 1000, 2, Double.NaN),
                summary("gateway", 400, 6, 150), summary("gateway", translated16, 200, 9, 240.5),
                summary("gateway", translated64, 100, 9, 300)));

        assertThat(table).contains("messages-stream (Anthropic client").contains("gateway, translated stream against "
                + "pass-through stream");
        // modes, in flight, req/s p50 p99 TTFB CPU ratios, translation cost; no pass-through at 64: no row
        assertThat(row(table, "messages-stream/stream")).containsExactly("messages-stream/stream", "16", "0.50x",
                "1.50x", "1.50x", "1.50x", "1.60x", "+90.5");
        assertThat(table.lines().filter(line -> line.startsWith("messages-stream/stream"))).hasSize(1);
    }

    @Test
    void comparesEachGatewayVariantWithThePlainGatewayInTheSameScenario() {
        String table = ResultTable.render(List.of(summary("gateway", 400, 6, 100), summary("gateway-observed", 380, 6, 104),
                summary("gateway-limits", 390, 6, 102.5)));

        assertThat(table).contains("gateway variants against the plain gateway");
        // variant + mode, in flight, req/s p50 p99 TTFB CPU ratios, CPU added per request
        assertThat(row(table, "gateway-observed stream")).containsExactly("gateway-observed", "stream", "16", "0.95x",
                "1.00x", "1.00x", "1.00x", "1.04x", "+4.0");
        assertThat(row(table, "gateway-limits stream")).endsWith("1.03x", "+2.5");
    }
}
