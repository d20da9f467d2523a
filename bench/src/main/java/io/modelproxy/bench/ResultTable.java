package io.modelproxy.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The printed result: per scenario, one row per target with absolute figures and ratios to the
 * {@code direct} target, then a {@code gateway/nginx} row comparing the gateway with the bare hop; then
 * each translated mode of the gateway against its pass-through mode at the same concurrency; last, each
 * gateway variant ({@code gateway-observed}, {@code gateway-limits}, …: a feature turned on) against the
 * plain gateway in the same scenario.
 */
public final class ResultTable {
    static final String BASELINE = "direct";
    static final String HOP = "nginx";
    static final String GATEWAY = "gateway";
    private static final String COMPARISON_ROW = "%-32s %9s %6s %6s %6s %6s %8s %24s%n";
    private static final String ROW = "%-17s %9s %15s %8s %8s %9s %9s %10s %7s | %6s %6s %6s %6s%n";

    private static final Summary NO_BASELINE = new Summary(BASELINE, new Scenario(Mode.STREAM, 1), 0, 0, 0, Double.NaN,
            Double.NaN, Double.NaN, -1, -1, -1, -1, Double.NaN, Double.NaN, Double.NaN);

    private ResultTable() {}

    /** Renders every scenario's block, in the order the summaries come. */
    public static String render(List<Summary> summaries) {
        Map<Scenario, List<Summary>> byScenario = new LinkedHashMap<>();
        summaries.forEach(s -> byScenario.computeIfAbsent(s.scenario(), k -> new ArrayList<>()).add(s));
        StringBuilder out = new StringBuilder();
        byScenario.forEach((scenario, rows) -> block(out, scenario, rows));
        translation(out, byScenario);
        variants(out, byScenario);
        return out.toString();
    }

    /** What a feature costs: each gateway variant against the plain gateway, ratios and CPU time added per request. */
    private static void variants(StringBuilder out, Map<Scenario, List<Summary>> byScenario) {
        List<String> lines = new ArrayList<>();
        byScenario.forEach((scenario, rows) -> find(rows, GATEWAY).ifPresent(plain -> rows.stream()
                .filter(r -> r.target().startsWith(GATEWAY + "-"))
                .forEach(v -> lines.add(comparison(v.target() + " " + scenario.mode().label(), scenario, v, plain)))));
        comparisons(out, "gateway variants against the plain gateway (logging, metrics and limits off) in the same scenario"
                + " (gateway-baseline: the gateway of --baseline's checkout)",
                "variant", "added us/req", lines);
    }

    /**
     * The gateway's translated streams against its pass-through streams at the same concurrency:
     * ratios, and the translation cost, the CPU time per request the translation adds.
     */
    private static void translation(StringBuilder out, Map<Scenario, List<Summary>> byScenario) {
        List<String> lines = new ArrayList<>();
        byScenario.forEach((scenario, rows) -> scenario.mode().passThrough().ifPresent(plain -> {
            Optional<Summary> translated = find(rows, GATEWAY);
            Optional<Summary> passThrough = find(byScenario.getOrDefault(new Scenario(plain, scenario.concurrency()),
                    List.of()), GATEWAY);
            if (translated.isPresent() && passThrough.isPresent()) {
                lines.add(comparison(scenario.mode().label() + "/" + plain.label(), scenario, translated.get(),
                        passThrough.get()));
            }
        }));
        comparisons(out, "gateway, translated stream against pass-through stream at the same concurrency", "modes",
                "translation cost us/req", lines);
    }

    /** One row of a comparison: ratios of {@code row} to {@code base}, and the CPU time per request it adds. */
    private static String comparison(String label, Scenario scenario, Summary row, Summary base) {
        double cost = row.proxyCpuMicrosPerRequest() - base.proxyCpuMicrosPerRequest();
        return String.format(Locale.ROOT, COMPARISON_ROW, label, scenario.concurrency(),
                ratio(row.requestsPerSecond(), base.requestsPerSecond()),
                ratio(row.p50Nanos(), base.p50Nanos()), ratio(row.p99Nanos(), base.p99Nanos()),
                ratio(row.firstByteP50Nanos(), base.firstByteP50Nanos()),
                ratio(row.proxyCpuMicrosPerRequest(), base.proxyCpuMicrosPerRequest()),
                Double.isNaN(cost) ? "-" : String.format(Locale.ROOT, "%+.1f", cost));
    }

    private static void comparisons(StringBuilder out, String title, String what, String cost, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append(title).append(System.lineSeparator())
                .append(String.format(Locale.ROOT, COMPARISON_ROW, what, "in flight", "req/s", "p50", "p99", "TTFB",
                        "CPU/req", cost));
        lines.forEach(out::append);
        out.append(System.lineSeparator());
    }

    private static void block(StringBuilder out, Scenario scenario, List<Summary> rows) {
        out.append(String.format(Locale.ROOT, "%s, %d in flight%n", scenario.mode().description(), scenario.concurrency()));
        out.append(String.format(Locale.ROOT, ROW, "target", "req/s", "rounds min-max", "p50 ms", "p99 ms",
                "TTFB p50", "TTFB p99", "CPU us/req", "errors", "req/s", "p50", "p99", "TTFB"));
        Optional<Summary> baseline = find(rows, BASELINE);
        for (Summary row : rows) {
            // without direct in this scenario (a gateway-only mode) there is no ratio to give
            Summary base = baseline.orElse(NO_BASELINE);
            out.append(String.format(Locale.ROOT, ROW, row.target(),
                    rate(row.requestsPerSecond()),
                    rate(row.minRoundRate()) + "-" + rate(row.maxRoundRate()),
                    millis(row.p50Nanos()), millis(row.p99Nanos()),
                    millis(row.firstByteP50Nanos()), millis(row.firstByteP99Nanos()),
                    Double.isNaN(row.proxyCpuMicrosPerRequest()) ? "-" : fixed(row.proxyCpuMicrosPerRequest(), 1),
                    row.errors(),
                    ratio(row.requestsPerSecond(), base.requestsPerSecond()),
                    ratio(row.p50Nanos(), base.p50Nanos()), ratio(row.p99Nanos(), base.p99Nanos()),
                    ratio(row.firstByteP50Nanos(), base.firstByteP50Nanos())));
        }
        Optional<Summary> hop = find(rows, HOP);
        Optional<Summary> gateway = find(rows, GATEWAY);
        if (hop.isPresent() && gateway.isPresent()) {
            Summary g = gateway.get();
            Summary n = hop.get();
            out.append(String.format(Locale.ROOT, ROW, GATEWAY + "/" + HOP, "", "", "", "", "", "",
                    ratio(g.proxyCpuMicrosPerRequest(), n.proxyCpuMicrosPerRequest()), "",
                    ratio(g.requestsPerSecond(), n.requestsPerSecond()),
                    ratio(g.p50Nanos(), n.p50Nanos()), ratio(g.p99Nanos(), n.p99Nanos()),
                    ratio(g.firstByteP50Nanos(), n.firstByteP50Nanos())));
        }
        baseline.ifPresent(base -> addedFirstByte(out, base, rows));
        out.append(System.lineSeparator());
    }

    /** The time to first byte each proxy adds at p50: its median minus direct's, in the same scenario. */
    private static void addedFirstByte(StringBuilder out, Summary base, List<Summary> rows) {
        List<String> added = new ArrayList<>();
        for (Summary row : rows) {
            if (row != base && row.firstByteP50Nanos() >= 0 && base.firstByteP50Nanos() >= 0) {
                added.add(String.format(Locale.ROOT, "%s %+.2f ms", row.target(),
                        (row.firstByteP50Nanos() - base.firstByteP50Nanos()) / 1e6));
            }
        }
        if (!added.isEmpty()) {
            out.append("TTFB p50 added over direct: ").append(String.join(", ", added)).append(System.lineSeparator());
        }
    }

    private static Optional<Summary> find(List<Summary> rows, String target) {
        return rows.stream().filter(s -> s.target().equals(target)).findFirst();
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : fixed(nanos / 1e6, 2);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** {@code value / base} as {@code 1.23x}; {@code -} when either is missing. */
    private static String ratio(double value, double base) {
        if (Double.isNaN(value) || Double.isNaN(base) || value < 0 || base <= 0) {
            return "-";
        }
        return fixed(value / base, 2) + "x";
    }
}
