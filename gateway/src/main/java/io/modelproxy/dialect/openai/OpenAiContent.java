package io.modelproxy.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.MediaSource;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code content} of an OpenAI message, Chat's or Responses': absent, a string, or an array of
 * parts each named by its {@code type}. The two dialects name the part types differently; each reads
 * its own parts, and this reads the rest.
 */
public final class OpenAiContent {
    private OpenAiContent() {}

    /** Reads one part of a content array into the neutral model. */
    @FunctionalInterface
    public interface PartReader<P> {
        /**
         * @param type the part's {@code type}, "" when it has none
         * @return the part, or null to leave it out
         */
        P read(String type, JsonNode part) throws TranslationException;
    }

    /**
     * The parts of {@code content} in order: none when it is absent or null, {@code whole} of a string,
     * else each element of the array as {@code reader} reads it. The list may be added to.
     */
    public static <P extends Part> List<P> parts(JsonNode content, Function<String, P> whole, PartReader<P> reader)
            throws TranslationException {
        List<P> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isTextual()) {
            out.add(whole.apply(content.asText()));
            return out;
        }
        for (JsonNode part : content) {
            P read = reader.read(Json.textOr(part, "type", ""), part);
            if (read != null) {
                out.add(read);
            }
        }
        return out;
    }

    /** A file part's {@code file_data} (a data URI, or bare base64 for a PDF) as a document. */
    public static Part.Document fileData(String data, String filename, String field) throws TranslationException {
        MediaSource m = MediaSource.fileData(data, field);
        return new Part.Document(m.mediaType(), m.base64(), null, null, filename);
    }
}
