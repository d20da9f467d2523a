package io.modelproxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.translate.IdSource;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.ModelResponse;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.Role;
import io.modelproxy.translate.StopReason;
import io.modelproxy.translate.StreamEvent;
import io.modelproxy.translate.ToolChoice;
import io.modelproxy.translate.ToolDefinition;
import io.modelproxy.translate.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a Mock provider answers to one request, as a pure function of the request and its settings.
 *
 * <ul>
 *   <li>A tool call when the request forces one ({@code tool_choice} required/any or a named tool), or
 *       offers tools with {@code auto} and the last user message names one of them: predictable for
 *       client tests, and an agent loop ends because the turn after the tool result answers in text.
 *   <li>Otherwise text: the fixed reply, else the last user message (after a tool result, that result),
 *       cut at the request's output cap ({@code max_tokens}), which then is the stop reason.
 *   <li>Usage at about four characters per token, input and output.
 * </ul>
 */
final class MockAnswer {
    static final String EMPTY_ECHO = "(the Mock provider found no user message to echo)";
    private static final int CHARS_PER_TOKEN = 4;

    private MockAnswer() {}

    static ModelResponse of(ModelRequest request, ProviderConfig.Mock settings, IdSource ids) {
        long input = tokens(request);
        ToolDefinition tool = toolToCall(request);
        if (tool != null) {
            String arguments = Json.write(arguments(tool.parameters()));
            return new ModelResponse(List.of(new Part.ToolCall(ids.newId("call_"), tool.name(), arguments)),
                    StopReason.TOOL_USE, null, new Usage(input, 0, 0, tokens(tool.name() + arguments), null));
        }
        String text = settings.reply() != null ? settings.reply() : echo(request);
        StopReason stop = StopReason.END_TURN;
        if (request.maxTokens() != null && tokens(text) > request.maxTokens()) {
            // cut where a model would: at the output cap, so clients can test how they handle it
            text = text.substring(0, next(text, 0, request.maxTokens() * CHARS_PER_TOKEN));
            stop = StopReason.MAX_TOKENS;
        }
        return new ModelResponse(List.of(new Part.Text(text)), stop, null, new Usage(input, 0, 0, tokens(text), null));
    }

    /** The stream of an answer: its text in deltas of {@code chunkChars} characters, then tool calls, stop and usage. */
    static List<StreamEvent> events(ModelResponse answer, int chunkChars) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Started(null));
        int call = 0;
        for (Part part : answer.content()) {
            if (part instanceof Part.Text t) {
                String text = t.text();
                for (int at = 0; at < text.length(); at = next(text, at, chunkChars)) {
                    events.add(new StreamEvent.TextDelta(text.substring(at, next(text, at, chunkChars))));
                }
                events.add(new StreamEvent.BlockEnded());
            } else if (part instanceof Part.ToolCall c) {
                events.add(new StreamEvent.ToolCallStarted(call, c.id(), c.name()));
                events.add(new StreamEvent.ToolArguments(call, c.arguments()));
                events.add(new StreamEvent.ToolCallEnded(call++));
            }
        }
        events.add(new StreamEvent.Finished(answer.stopReason(), null));
        events.add(new StreamEvent.UsageReported(answer.usage()));
        events.add(new StreamEvent.Completed());
        return events;
    }

    /** The end of a chunk starting at {@code at}, never inside a surrogate pair. */
    private static int next(String text, int at, int chunkChars) {
        int end = Math.min(text.length(), at + chunkChars);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end++;
        }
        return end;
    }

    private static ToolDefinition toolToCall(ModelRequest request) {
        if (request.tools().isEmpty()) {
            return null;
        }
        ToolChoice choice = request.toolChoice() == null ? ToolChoice.AUTO : request.toolChoice();
        return switch (choice.mode()) {
            case NONE -> null;
            case ANY -> request.tools().getFirst();
            case TOOL -> request.tools().stream().filter(t -> t.name().equals(choice.name())).findFirst()
                    .orElse(request.tools().getFirst());
            case AUTO -> {
                Message last = request.messages().isEmpty() ? null : request.messages().getLast();
                if (last == null || last.role() != Role.USER || last.parts().stream().noneMatch(p -> p instanceof Part.Text)) {
                    yield null;
                }
                String said = text(last.parts()).toLowerCase(Locale.ROOT);
                yield request.tools().stream().filter(t -> said.contains(t.name().toLowerCase(Locale.ROOT)))
                        .findFirst().orElse(null);
            }
        };
    }

    /** Arguments that satisfy the schema's required properties, by their type. */
    private static ObjectNode arguments(JsonNode schema) {
        ObjectNode args = Json.object();
        JsonNode properties = schema == null ? null : schema.get("properties");
        for (JsonNode name : Json.items(schema, "required")) {
            JsonNode property = properties == null ? null : properties.get(name.asText());
            args.set(name.asText(), placeholder(property));
        }
        return args;
    }

    private static JsonNode placeholder(JsonNode property) {
        JsonNode values = property == null ? null : property.get("enum");
        if (values != null && values.isArray() && !values.isEmpty()) {
            return values.get(0);
        }
        String type = property == null ? "string" : Json.textOr(property, "type", "string");
        return switch (type) {
            case "integer", "number" -> JsonNodeFactory.instance.numberNode(0);
            case "boolean" -> JsonNodeFactory.instance.booleanNode(false);
            case "array" -> JsonNodeFactory.instance.arrayNode();
            case "object" -> arguments(property);
            default -> JsonNodeFactory.instance.textNode("mock");
        };
    }

    private static String echo(ModelRequest request) {
        for (Message m : request.messages().reversed()) {
            if (m.role() == Role.USER) {
                String text = text(m.parts());
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return EMPTY_ECHO;
    }

    /** The text of some parts, tool results' included. */
    private static String text(List<Part> parts) {
        StringBuilder text = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Part.Text t) {
                text.append(t.text());
            } else if (p instanceof Part.ToolResult r) {
                text.append(text(r.content()));
            }
        }
        return text.toString();
    }

    private static long tokens(ModelRequest request) {
        long chars = request.system().stream().mapToLong(t -> t.text().length()).sum();
        for (Message m : request.messages()) {
            chars += text(m.parts()).length();
        }
        return tokens(chars);
    }

    private static long tokens(String text) {
        return tokens(text.length());
    }

    private static long tokens(long chars) {
        return Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }
}
