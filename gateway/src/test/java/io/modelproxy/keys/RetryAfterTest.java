package io.modelproxy.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    @Test
    void readsSecondsFractionsAndHttpDates() {
        assertThat(RetryAfter.millis("30", NOW)).hasValue(30_000);
        assertThat(RetryAfter.millis(" 1.5 ", NOW)).hasValue(1_500);
        assertThat(RetryAfter.millis("Sun, 01 Mar 2026 12:02:00 GMT", NOW)).hasValue(120_000);
        assertThat(RetryAfter.millis("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).hasValue(0);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.millis(null, NOW)).isEmpty();
        assertThat(RetryAfter.millis("soon", NOW)).isEmpty();
        assertThat(RetryAfter.millis("-5", NOW)).isEmpty();
        assertThat(RetryAfter.millis("NaN", NOW)).isEmpty();
        assertThat(RetryAfter.millis("99999999999", NOW)).hasValue(86_400_000);
    }
}
