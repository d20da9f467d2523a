package io.modelproxy.admin.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.web.AdminErrorBody;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * The test bench over HTTP to a gateway: the gateway this admin is mounted on (over loopback), or one
 * named by URL. The request goes through the gateway's whole path (client authentication, routing,
 * fallbacks, translation), so the answer is what a client gets; the bench passes its stream on as it
 * arrives, with the gateway's route and attempt headers and nothing else of its headers.
 */
public final class GatewayBench implements TestBench {
    private static final List<String> PASSED_HEADERS = List.of("x-model-proxy-route", "x-model-proxy-attempts");
    /** Enough for a test answer; the Messages dialect requires a bound. */
    private static final int MAX_TOKENS = 1024;

    private final Supplier<URI> gateway;
    private final String clientKey;

    /**
     * @param gateway the gateway's base URI, asked for at each request (a gateway on port 0 knows it once started)
     * @param clientKey the client key the bench sends when the user gives none; null for none
     */
    public GatewayBench(Supplier<URI> gateway, String clientKey) {
        this.gateway = gateway;
        this.clientKey = clientKey == null || clientKey.isBlank() ? null : clientKey;
    }

    @Override
    public HttpResponse send(String model, String dialect, String prompt, String userKey) {
        ObjectNode body = ManifestShape.JSON.createObjectNode().put("model", model).put("stream", true);
        String path;
        switch (dialect) {
            case "chat" -> {
                path = "/v1/chat/completions";
                body.putArray("messages").addObject().put("role", "user").put("content", prompt);
                body.putObject("stream_options").put("include_usage", true);
            }
            case "responses" -> {
                path = "/v1/responses";
                body.put("input", prompt);
            }
            case "messages" -> {
                path = "/v1/messages";
                body.put("max_tokens", MAX_TOKENS);
                body.putArray("messages").addObject().put("role", "user").put("content", prompt);
            }
            default -> throw new IllegalArgumentException("unknown dialect " + dialect);
        }
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.JSON_UTF_8)
                .set(HttpHeaderNames.ACCEPT, "text/event-stream");
        String key = userKey == null || userKey.isBlank() ? clientKey : userKey;
        if (key != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        if (dialect.equals("messages")) {
            headers.set("anthropic-version", "2023-06-01");
        }
        WebClient client = WebClient.builder(gateway.get())
                .responseTimeoutMillis(0)  // a streamed answer may take minutes; the client can stop reading
                .maxResponseLength(0)
                .build();
        return client.execute(headers.build(), body.toString())
                .mapHeaders(GatewayBench::passed)
                .recover(cause -> AdminErrorBody.response(HttpStatus.BAD_GATEWAY,
                        "the gateway at " + gateway.get() + " did not answer the test bench", null));
    }

    private static ResponseHeaders passed(ResponseHeaders headers) {
        ResponseHeadersBuilder kept = ResponseHeaders.builder(headers.status());
        if (headers.contentType() != null) {
            kept.contentType(headers.contentType());
        }
        for (String name : PASSED_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                kept.set(name, value);
            }
        }
        return kept.build();
    }
}
