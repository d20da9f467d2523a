package io.modelproxy.stream;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.translate.ApiError;

/** How one upstream attempt ended, as far as the attempt loop cares. */
public sealed interface Outcome {

    /** The client got (or is getting) this response; no more attempts. */
    record Committed(HttpResponse response) implements Outcome {}

    /** The upstream answered with an error before anything reached the client; the error policy decides. */
    record UpstreamError(int status, ResponseHeaders headers, byte[] body) implements Outcome {}

    /** Connect error, timeout or broken response before commit: fall back to the next route. */
    record Failed(ApiError error) implements Outcome {}
}
