package io.modelproxy.keys;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** Parses a {@code Retry-After} header: delay seconds (fractions allowed) or an HTTP date. */
public final class RetryAfter {
    /** A day: a longer Retry-After is more likely a unit mistake than a real wish. */
    private static final long MAX_MILLIS = 86_400_000L;

    private RetryAfter() {}

    /** The delay the header asks for, in millis from {@code nowMillis}; empty when absent or unreadable. */
    public static OptionalLong millis(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String value = header.strip();
        try {
            double seconds = Double.parseDouble(value);
            if (seconds >= 0 && !Double.isNaN(seconds) && !Double.isInfinite(seconds)) {
                return OptionalLong.of(Math.min(MAX_MILLIS, (long) Math.ceil(seconds * 1000)));
            }
            return OptionalLong.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return OptionalLong.of(Math.min(MAX_MILLIS, Math.max(0, at - nowMillis)));
            } catch (DateTimeParseException notDate) {
                return OptionalLong.empty();
            }
        }
    }
}
