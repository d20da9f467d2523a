package io.modelproxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.RequestFields;
import io.modelproxy.translate.TranslationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a Mock provider answers to {@code POST /embeddings}, as OpenAI's API does: one unit vector per
 * input, a pure function of the input's text (the same text gets the same vector on every replica and
 * run, different texts different ones), as floats or as {@code encoding_format: base64} (little-endian
 * float32, what the OpenAI SDKs ask for), with usage at about four characters per token.
 */
final class MockEmbeddings {
    /** The length of a vector when the request names no {@code dimensions}: small, for load tests. */
    static final int DEFAULT_DIMENSIONS = 256;
    private static final int MAX_DIMENSIONS = 8192;
    private static final int MAX_INPUTS = 2048;
    private static final int CHARS_PER_TOKEN = 4;

    private MockEmbeddings() {}

    static ObjectNode answer(ObjectNode request) throws TranslationException {
        List<String> inputs = inputs(request.get("input"));
        Integer asked = RequestFields.integer(request, "dimensions");
        int dimensions = asked == null ? DEFAULT_DIMENSIONS : asked;
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`dimensions` must be between 1 and " + MAX_DIMENSIONS + ", got " + dimensions, "dimensions"));
        }
        String format = RequestFields.string(request, "encoding_format");
        boolean base64 = "base64".equals(format);
        if (format != null && !base64 && !"float".equals(format)) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`encoding_format` must be float or base64, got '" + format + "'", "encoding_format"));
        }
        ObjectNode out = Json.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i), dimensions);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : vector) {
                    bytes.putFloat(f);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float f : vector) {
                    values.add(f);
                }
            }
            tokens += Math.max(1, (inputs.get(i).length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
        }
        out.put("model", request.path("model").asText("mock"));
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return out;
    }

    /** The texts to embed: a string, an array of strings, an array of token ids, or an array of such arrays. */
    private static List<String> inputs(JsonNode input) throws TranslationException {
        if (input == null || input.isNull()) {
            throw new TranslationException(ApiError.invalidRequest("`input` is required", "input"));
        }
        if (input.isTextual()) {
            return List.of(input.textValue());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`input` must be a string, an array of strings or an array of token arrays, with at least one", "input"));
        }
        if (input.size() > MAX_INPUTS) {
            throw new TranslationException(ApiError.invalidRequest(
                    "`input` may hold at most " + MAX_INPUTS + " items, got " + input.size(), "input"));
        }
        if (input.get(0).isNumber()) {
            return List.of(tokenText(input));
        }
        List<String> out = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (item.isTextual()) {
                out.add(item.textValue());
            } else if (item.isArray() && !item.isEmpty()) {
                out.add(tokenText(item));
            } else {
                throw new TranslationException(ApiError.invalidRequest(
                        "each item of `input` must be a string or a non-empty array of token ids", "input"));
            }
        }
        return out;
    }

    /** Token ids stand for their own text: the same ids, the same vector. */
    private static String tokenText(JsonNode ids) throws TranslationException {
        StringBuilder text = new StringBuilder();
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber()) {
                throw new TranslationException(ApiError.invalidRequest("token ids in `input` must be integers", "input"));
            }
            text.append(id.longValue()).append(' ');
        }
        return text.toString();
    }

    /** A unit vector seeded by the text's 64-bit FNV-1a hash. */
    static float[] vector(String text, int dimensions) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        SplittableRandom random = new SplittableRandom(hash);
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
