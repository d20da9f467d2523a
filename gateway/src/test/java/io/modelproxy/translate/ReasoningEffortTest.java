package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one effort ⇄ budget table, both ways (TRANSLATION.md §7). */
class ReasoningEffortTest {

    @ParameterizedTest
    @CsvSource({"minimal,512", "low,1024", "medium,8192", "high,24576", "xhigh,32768"})
    void everyRowSurvivesARoundTrip(String effort, int budget) {
        assertThat(ReasoningEffort.budgetFor(effort)).isEqualTo(budget);
        assertThat(ReasoningEffort.effortFor(budget)).isEqualTo(effort);
    }

    @ParameterizedTest
    @CsvSource({"1,minimal", "1023,minimal", "2048,low", "10000,medium", "31999,high", "128000,xhigh", "0,none", "-1,none"})
    void aBudgetMapsToTheHighestEffortItReaches(int budget, String effort) {
        assertThat(ReasoningEffort.effortFor(budget)).isEqualTo(effort);
    }

    @ParameterizedTest
    @CsvSource({"none,0", "max,32768", "bogus,8192"})
    void specialEfforts(String effort, int budget) {
        assertThat(ReasoningEffort.budgetFor(effort)).isEqualTo(budget);
    }
}
