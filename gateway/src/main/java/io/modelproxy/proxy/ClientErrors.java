package io.modelproxy.proxy;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;

/** Error responses in a client's dialect: the OpenAI error object or the Anthropic one, with the right status. */
public final class ClientErrors {
    private ClientErrors() {}

    public static HttpResponse response(Dialect dialect, ApiError error) {
        return response(dialect, error, HttpHeaders.of());
    }

    /** The error, with extra headers (Retry-After, the gateway's route and attempt headers). */
    public static HttpResponse response(Dialect dialect, ApiError error, HttpHeaders extra) {
        ResponseHeaders headers = ResponseHeaders.builder(error.statusFor(dialect))
                .contentType(MediaType.JSON_UTF_8)
                .add(extra)
                .build();
        return HttpResponse.of(headers, HttpData.wrap(error.toBytes(dialect)));
    }
}
