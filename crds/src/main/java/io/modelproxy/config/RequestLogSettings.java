package io.modelproxy.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelproxy.api.ModelGatewaySpec.LogFormat;

/**
 * Where the gateway writes its request records, besides the in-memory buffer of recent requests.
 *
 * @param format the console line: the access log line, or a JSON record on stdout
 * @param file a file of JSON records, one per line, rotated by size; null for none
 * @param maxFileBytes the size at which {@code file} is rotated
 * @param sqlite a SQLite database file; null for none
 * @param bodies whether records carry the request and response bodies (keys removed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestLogSettings(LogFormat format, String file, long maxFileBytes, String sqlite, boolean bodies) {
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    public RequestLogSettings {
        format = format == null ? LogFormat.Text : format;
        maxFileBytes = maxFileBytes <= 0 ? DEFAULT_MAX_FILE_BYTES : maxFileBytes;
    }

    /** The access log line and nothing else: what a ModelGateway without {@code spec.requestLogging} gets. */
    public static RequestLogSettings defaults() {
        return new RequestLogSettings(LogFormat.Text, null, DEFAULT_MAX_FILE_BYTES, null, false);
    }
}
