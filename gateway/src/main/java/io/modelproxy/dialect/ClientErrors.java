package io.modelproxy.dialect;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.Json;
import java.nio.charset.StandardCharsets;

/** Error responses in a client's dialect: the OpenAI error object or the Anthropic one, with the right status. */
public final class ClientErrors {
    private final Dialects dialects;

    public ClientErrors(Dialects dialects) {
        this.dialects = dialects;
    }

    public HttpResponse response(Dialect dialect, ApiError error) {
        return response(dialect, error, HttpHeaders.of());
    }

    /** The error, with extra headers (Retry-After, the gateway's route and attempt headers). */
    public HttpResponse response(Dialect dialect, ApiError error, HttpHeaders extra) {
        DialectWire wire = dialects.wire(dialect);
        ResponseHeaders headers = ResponseHeaders.builder(wire.clientStatus(error))
                .contentType(MediaType.JSON_UTF_8)
                .add(extra)
                .build();
        return HttpResponse.of(headers, HttpData.wrap(bytes(wire, error)));
    }

    /** The error object of the dialect, as bytes. */
    public byte[] body(Dialect dialect, ApiError error) {
        return bytes(dialects.wire(dialect), error);
    }

    private static byte[] bytes(DialectWire wire, ApiError error) {
        return Json.write(wire.errorBody(error)).getBytes(StandardCharsets.UTF_8);
    }
}
