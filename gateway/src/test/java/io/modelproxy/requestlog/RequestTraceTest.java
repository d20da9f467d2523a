package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTraceTest {

    @Test
    void aTraceThatRecordsNowhereDoesNotKeepTheRequestBody() {
        RequestTrace trace = RequestTrace.detached();
        trace.request("m", true, 123, () -> {
            throw new AssertionError("a trace that records nowhere never needs the body");
        });
        assertThat(trace.requestBody).isNull();
        assertThat(trace.bytesIn).isEqualTo(123);
        assertThat(trace.stream).isTrue();
    }
}
