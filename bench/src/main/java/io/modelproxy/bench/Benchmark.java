package io.modelproxy.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a plan: a warm-up of every target in every scenario, then rounds in which the targets take turns
 * (direct, nginx, gateway, direct, nginx, gateway, …) so that whatever else the machine does at a given
 * moment falls on all of them alike.
 */
public final class Benchmark {
    private final LoadDriver driver;
    private final PrintWriter progress;

    public Benchmark(LoadDriver driver, PrintWriter progress) {
        this.driver = driver;
        this.progress = progress;
    }

    /**
     * What to run.
     *
     * @param rounds measured rounds per target and scenario
     * @param duration length of one measured round
     * @param warmup length of the unmeasured round each target gets per scenario first
     */
    public record Plan(List<Target> targets, List<Scenario> scenarios, int rounds, Duration duration, Duration warmup) {
        public Plan {
            targets = List.copyOf(targets);
            scenarios = List.copyOf(scenarios);
            if (targets.isEmpty() || scenarios.isEmpty() || rounds < 1 || duration.isNegative() || duration.isZero()
                    || warmup.isNegative()) {
                throw new IllegalArgumentException("a plan needs targets, scenarios, at least one round and a duration");
            }
            for (Scenario scenario : scenarios) {
                if (scenario.mode().gatewayOnly() && targets.stream().noneMatch(t -> t.name().equals(ResultTable.GATEWAY))) {
                    throw new IllegalArgumentException("mode " + scenario.mode().label() + " needs the " + ResultTable.GATEWAY
                            + " target: only the gateway translates it");
                }
            }
        }

        /**
         * The targets a scenario runs on, in turn order: all of them, but for a {@link Mode#gatewayOnly()} mode
         * only the gateway (direct and nginx do not speak its dialect; sending to them would only count errors).
         */
        public List<Target> targetsOf(Scenario scenario) {
            return scenario.mode().gatewayOnly()
                    ? targets.stream().filter(t -> t.name().equals(ResultTable.GATEWAY)).toList()
                    : targets;
        }

        /** Wall time of the whole plan, without start-up and drains. */
        public Duration estimate() {
            long cells = scenarios.stream().mapToLong(s -> targetsOf(s).size()).sum();
            return warmup.multipliedBy(cells).plus(duration.multipliedBy(cells * rounds));
        }
    }

    /**
     * Runs the plan.
     *
     * @throws BenchmarkException when a target fails every request of its warm-up
     */
    public List<RoundResult> run(Plan plan) throws IOException, InterruptedException {
        if (!plan.warmup().isZero()) {
            for (Scenario scenario : plan.scenarios()) {
                for (Target target : plan.targetsOf(scenario)) {
                    RoundResult warmup = driver.run(target, scenario, 0, plan.warmup());
                    report("warm-up", warmup);
                    if (warmup.served() == 0) {
                        throw new BenchmarkException(target.name() + " (" + target.uri() + ") failed every request of "
                                + scenario + " warm-up: " + warmup.errorCauses());
                    }
                }
            }
        }
        List<RoundResult> results = new ArrayList<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (Scenario scenario : plan.scenarios()) {
                // every other round the other way round: no target always goes first, or right after the same one
                List<Target> turns = round % 2 == 1 ? plan.targetsOf(scenario) : plan.targetsOf(scenario).reversed();
                for (Target target : turns) {
                    RoundResult result = driver.run(target, scenario, round, plan.duration());
                    report("round " + round + "/" + plan.rounds(), result);
                    results.add(result);
                }
            }
        }
        return results;
    }

    /** One summary per target and scenario, scenarios in the order they ran, targets in turn order. */
    public static List<Summary> summarize(List<RoundResult> results) {
        Map<String, List<RoundResult>> cells = new LinkedHashMap<>();
        for (RoundResult result : results) {
            cells.computeIfAbsent(result.scenario() + "\n" + result.target(), k -> new ArrayList<>()).add(result);
        }
        List<Summary> summaries = new ArrayList<>();
        cells.values().forEach(rounds -> summaries.add(Summary.of(rounds)));
        return summaries;
    }

    private void report(String phase, RoundResult result) {
        progress.printf(Locale.ROOT, "%-11s %-14s %-8s %8.0f req/s  %d errors%s%n", phase, result.scenario(),
                result.target(), result.completed() * 1e9 / result.windowNanos(), result.errors(),
                result.errors() == 0 ? "" : " " + result.errorCauses());
        progress.flush();
    }
}
