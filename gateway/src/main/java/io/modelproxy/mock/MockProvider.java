package io.modelproxy.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.modelproxy.api.Dialect;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.sse.SseEvent;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.DialectCodec;
import io.modelproxy.translate.DialectWire;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.IdSource;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.StreamEncoder;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream of a {@link Dialect#Mock} provider: a WebClient that never leaves the process. It
 * answers OpenAI Chat Completions, whole or streamed, so the gateway treats it as an OpenAI Chat
 * upstream and its translators carry the answer to Anthropic Messages and Responses clients: every
 * dialect, with no wire format written twice. It answers OpenAI's embeddings ({@link MockEmbeddings})
 * and audio ({@link MockTranscript}) requests too.
 */
public final class MockProvider {
    /** Never resolved: the client's decorator answers before any connection is made. */
    private static final String NOWHERE = "http://mock.invalid";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_TOKENS = 4096;

    private final ProviderConfig.Mock settings;
    private final IdSource ids = IdSource.random(Clock.systemUTC());
    private final DialectWire chatWire = new Dialects(ids).wire(Dialect.OpenAIChat);
    private final DialectCodec chat = chatWire.codec();

    private MockProvider(ProviderConfig.Mock settings) {
        this.settings = settings;
    }

    /** The client the gateway calls for a Mock provider. */
    public static WebClient client(ProviderConfig.Mock settings) {
        MockProvider mock = new MockProvider(settings);
        return WebClient.builder(NOWHERE)
                .decorator((delegate, ctx, req) -> mock.serve(ctx, req))
                .build();
    }

    private HttpResponse serve(ClientRequestContext ctx, HttpRequest req) {
        String path = req.path();
        HttpResponse answer = HttpResponse.of(req.aggregate().thenApply(agg -> {
            if (path.endsWith("/audio/transcriptions") || path.endsWith("/audio/translations")) {
                return transcript(agg.content().array(), agg.contentType(), path.endsWith("/translations"));
            }
            return path.endsWith("/embeddings") ? embeddings(agg.content().array()) : answer(agg.content().array());
        }));
        return settings.latencyMillis() > 0
                ? HttpResponse.delayed(answer, Duration.ofMillis(settings.latencyMillis()), ctx.eventLoop())
                : answer;
    }

    private HttpResponse embeddings(byte[] body) {
        ObjectNode request = jsonObject(body);
        if (request == null) {
            return error(ApiError.invalidRequest("the request body is not a JSON object"));
        }
        try {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(Json.write(MockEmbeddings.answer(request))));
        } catch (TranslationException e) {
            return error(e.error());
        }
    }

    private HttpResponse transcript(byte[] form, MediaType contentType, boolean translation) {
        try {
            MockTranscript.Answer answer = MockTranscript.answer(form, contentType == null ? null : contentType.toString(),
                    translation, settings);
            return HttpResponse.of(HttpStatus.OK, answer.type(), HttpData.ofUtf8(answer.body()));
        } catch (TranslationException e) {
            return error(e.error());
        }
    }

    private static ObjectNode jsonObject(byte[] body) {
        try {
            return JSON.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse answer(byte[] body) {
        ObjectNode request = jsonObject(body);
        if (request == null) {
            return error(ApiError.invalidRequest("the request body is not a JSON object"));
        }
        TranslationState exchange = new TranslationState(Dialect.OpenAIChat, Dialect.OpenAIChat, ids);
        ModelRequest decoded;
        try {
            decoded = chat.decodeRequest(request, exchange);
        } catch (TranslationException e) {
            return error(e.error());
        }
        String model = request.path("model").asText("mock");
        UpstreamTarget target = new UpstreamTarget(model, model, DEFAULT_MAX_TOKENS, null);
        ModelResponse response = MockAnswer.of(decoded, settings, ids);
        if (!decoded.stream()) {
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8,
                    HttpData.ofUtf8(chat.encodeResponse(response, target, exchange).toString()));
        }
        StreamEncoder encoder = chat.streamEncoder(target, exchange);
        List<SseEvent> events = new ArrayList<>();
        for (StreamEvent event : MockAnswer.events(response, settings.chunkChars())) {
            encoder.encode(event, events);
        }
        HttpData[] frames = events.stream().map(e -> HttpData.wrap(e.toBytes())).toArray(HttpData[]::new);
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM.toString()),
                StreamMessage.of(frames));
    }

    private HttpResponse error(ApiError error) {
        return HttpResponse.of(HttpStatus.valueOf(error.status()), MediaType.JSON_UTF_8,
                HttpData.ofUtf8(Json.write(chatWire.errorBody(error))));
    }
}
