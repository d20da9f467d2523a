package io.modelproxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw results of one run in a directory: {@code rounds.csv} (one line per measured round),
 * {@code summary.csv} (one line per target and scenario) and {@code table.txt} (what was printed).
 */
public final class ResultFiles {
    private ResultFiles() {}

    public static void write(Path dir, List<RoundResult> rounds, List<Summary> summaries, String table)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder roundsCsv = new StringBuilder("mode,concurrency,target,round,window_s,completed,"
                + "completed_after_window,errors,req_per_s,p50_ms,p99_ms,ttfb_p50_ms,ttfb_p99_ms,"
                + "proxy_cpu_ms,upstream_cpu_ms,driver_cpu_ms,error_causes\n");
        for (RoundResult r : rounds) {
            roundsCsv.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.3f,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%s,%s,%s,%s%n",
                    r.scenario().mode().label(), r.scenario().concurrency(), r.target(), r.round(),
                    r.windowNanos() / 1e9, r.completed(), r.completedAfterDeadline(), r.errors(),
                    r.completed() * 1e9 / r.windowNanos(),
                    r.latency().percentile(0.5) / 1e6, r.latency().percentile(0.99) / 1e6,
                    r.firstByte().percentile(0.5) / 1e6, r.firstByte().percentile(0.99) / 1e6,
                    cpuMillis(r.proxyCpuNanos()), cpuMillis(r.upstreamCpuNanos()), cpuMillis(r.driverCpuNanos()),
                    quote(causes(r.errorCauses()))));
        }
        StringBuilder summaryCsv = new StringBuilder("mode,concurrency,target,rounds,completed,errors,req_per_s,"
                + "round_min_req_per_s,round_max_req_per_s,p50_ms,p99_ms,ttfb_p50_ms,ttfb_p99_ms,"
                + "proxy_cpu_us_per_req,upstream_cpu_us_per_req,driver_cpu_us_per_req\n");
        for (Summary s : summaries) {
            summaryCsv.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.1f%n",
                    s.scenario().mode().label(), s.scenario().concurrency(), s.target(), s.rounds(), s.completed(),
                    s.errors(), s.requestsPerSecond(), s.minRoundRate(), s.maxRoundRate(),
                    s.p50Nanos() / 1e6, s.p99Nanos() / 1e6, s.firstByteP50Nanos() / 1e6, s.firstByteP99Nanos() / 1e6,
                    s.proxyCpuMicrosPerRequest(), s.upstreamCpuMicrosPerRequest(), s.driverCpuMicrosPerRequest()));
        }
        Files.writeString(dir.resolve("rounds.csv"), roundsCsv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), summaryCsv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("table.txt"), table, StandardCharsets.UTF_8);
    }

    private static String cpuMillis(long nanos) {
        return nanos < 0 ? "" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String causes(Map<String, Long> causes) {
        return causes.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
