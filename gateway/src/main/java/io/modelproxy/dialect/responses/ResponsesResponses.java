package io.modelproxy.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ComposedCodec;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.TranslationState;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.ThinkingSignature;
import io.modelproxy.translate.TranslationException;
import io.modelproxy.translate.UpstreamTarget;
import io.modelproxy.translate.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** OpenAI Responses responses: read from an upstream, written for a client (TRANSLATION.md §2). */
final class ResponsesResponses implements ComposedCodec.Responses {

    // ---------------------------------------------------------------- upstream → neutral

    @Override
    public ModelResponse decode(ObjectNode body, TranslationState x) throws TranslationException {
        String status = Json.textOr(body, "status", "completed");
        if ("failed".equals(status) || "cancelled".equals(status)) {
            // A failed response is an error, never a faked stop (§2.3 R→C).
            throw new TranslationException(failure(Json.obj(body, "error"), "upstream response " + status));
        }
        if (!body.has("output")) {
            throw new TranslationException(new ApiError(502, "api_error", "upstream answered without output", null, null));
        }
        List<Part> content = new ArrayList<>();
        boolean refused = false;
        for (JsonNode item : Json.items(body, "output")) {
            switch (Json.textOr(item, "type", "")) {
                case "message" -> {
                    for (JsonNode part : Json.items(item, "content")) {
                        if ("refusal".equals(Json.text(part, "type"))) {
                            refused = true;
                            content.add(new Part.Text(Json.textOr(part, "refusal", "")));
                        } else {
                            content.add(new Part.Text(Json.textOr(part, "text", "")));
                        }
                    }
                }
                case "function_call" -> content.add(new Part.ToolCall(x.aliases().clientId(Json.text(item, "call_id")),
                        x.aliases().clientName(Json.text(item, "name")), Json.textOr(item, "arguments", "")));
                case "reasoning" -> content.add(reasoning(item));
                default -> { } // built-in tool calls have no counterpart for the client
            }
        }
        StopReason reason = "incomplete".equals(status)
                ? incompleteReason(Json.text(Json.obj(body, "incomplete_details"), "reason"))
                : refused ? StopReason.REFUSAL : StopReason.END_TURN;
        return new ModelResponse(content, reason, null, usage(Json.obj(body, "usage")));
    }

    static Part.Thinking reasoning(JsonNode item) {
        List<JsonNode> texts = Json.items(item, "summary");
        if (texts.isEmpty()) {
            texts = Json.items(item, "content");
        }
        String text = texts.stream().map(t -> Json.textOr(t, "text", "")).collect(Collectors.joining("\n\n"));
        String encrypted = Json.text(item, "encrypted_content");
        return new Part.Thinking(text, encrypted == null ? null : ThinkingSignature.openAi(Json.text(item, "id"), encrypted));
    }

    static StopReason incompleteReason(String reason) {
        return "content_filter".equals(reason) ? StopReason.REFUSAL : StopReason.MAX_TOKENS;
    }

    /** A Responses error object {code, message} with the HTTP status its code implies. */
    static ApiError failure(ObjectNode error, String fallbackMessage) {
        String code = Json.text(error, "code");
        int status = code == null ? 500 : switch (code) {
            case "rate_limit_exceeded", "insufficient_quota" -> 429;
            case "context_length_exceeded", "invalid_prompt", "invalid_request_error" -> 400;
            default -> 500;
        };
        String message = Json.text(error, "message");
        return new ApiError(status, null, message == null ? fallbackMessage : message, Json.text(error, "param"), code);
    }

    static Usage usage(ObjectNode u) {
        if (u == null) {
            return Usage.ZERO;
        }
        ObjectNode in = Json.obj(u, "input_tokens_details");
        ObjectNode out = Json.obj(u, "output_tokens_details");
        Long reasoning = out != null && out.has("reasoning_tokens") ? Long.valueOf(Json.longOr(out, "reasoning_tokens", 0)) : null;
        return Usage.fromPromptTotal(Json.longOr(u, "input_tokens", 0), Json.longOr(in, "cached_tokens", 0),
                Json.longOr(in, "cache_write_tokens", 0), Json.longOr(u, "output_tokens", 0), reasoning);
    }

    // ---------------------------------------------------------------- neutral → client

    @Override
    public ObjectNode encode(ModelResponse r, UpstreamTarget target, TranslationState x) {
        ArrayNode output = Json.array();
        ArrayNode text = null;
        for (Part p : r.content()) {
            switch (p) {
                case Part.Text t when !t.text().isEmpty() -> {
                    if (text == null) {
                        ObjectNode message = ResponsesObjects.message(x.ids().newId("msg_"), "completed", null);
                        output.add(message);
                        text = (ArrayNode) message.get("content");
                    }
                    text.add(ResponsesObjects.outputText(t.text()));
                }
                case Part.Thinking t -> {
                    text = null;
                    String id = t.signature() != null && t.signature().itemId() != null ? t.signature().itemId() : x.ids().newId("rs_");
                    output.add(ResponsesObjects.reasoning(id, t.text(), t.signature() == null ? null : t.signature().forResponsesClient()));
                }
                case Part.RedactedThinking d -> {
                    text = null;
                    output.add(ResponsesObjects.reasoning(x.ids().newId("rs_"), null,
                            ThinkingSignature.redactedForResponsesClient(d.data())));
                }
                case Part.ToolCall c -> {
                    text = null;
                    output.add(x.isFreeform(c.name())
                            ? ResponsesObjects.customToolCall(x.ids().newId("ctc_"), "completed", c.id(), c.name(),
                                    ResponsesObjects.freeformInput(c.arguments()))
                            : ResponsesObjects.functionCall(x.ids().newId("fc_"), "completed", c.id(), c.name(),
                                    c.arguments() == null || c.arguments().isEmpty() ? "{}" : c.arguments()));
                }
                default -> { }
            }
        }
        StopReason reason = r.stopReason().reconcile(r.hasToolCalls());
        return ResponsesObjects.response(x.ids().newId("resp_"), x, target.clientModel(), ResponsesObjects.status(reason),
                ResponsesObjects.incompleteDetails(reason), null, output, r.usage());
    }
}
