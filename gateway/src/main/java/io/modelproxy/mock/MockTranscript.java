package io.modelproxy.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.MediaType;
import io.modelproxy.audio.MultipartForm;
import io.modelproxy.config.ProviderConfig;
import io.modelproxy.translate.ApiError;
import io.modelproxy.translate.Json;
import io.modelproxy.translate.TranslationException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a Mock provider answers to {@code POST /audio/transcriptions} and {@code /audio/translations}:
 * the fixed reply, else a sentence naming the upload's size, in the {@code response_format} asked for
 * ({@code json}, {@code text}, {@code verbose_json}, {@code srt} or {@code vtt}), the audio's duration
 * taken as 16 kB a second.
 */
final class MockTranscript {
    private static final double BYTES_PER_SECOND = 16_000;

    /** The answer's body and its content type. */
    record Answer(MediaType type, String body) {}

    private MockTranscript() {}

    static Answer answer(byte[] form, String contentType, boolean translation, ProviderConfig.Mock settings)
            throws TranslationException {
        String boundary;
        Optional<MultipartForm.Field> file;
        String format;
        String language;
        try {
            boundary = MultipartForm.boundary(contentType).orElseThrow(() -> new TranslationException(
                    ApiError.invalidRequest("an audio request must be multipart/form-data")));
            file = MultipartForm.field(form, boundary, "file");
            format = MultipartForm.field(form, boundary, "response_format").map(MultipartForm.Field::value).orElse("json");
            language = MultipartForm.field(form, boundary, "language").map(MultipartForm.Field::value).orElse(null);
        } catch (MultipartForm.Malformed e) {
            throw new TranslationException(ApiError.invalidRequest("the multipart body is malformed: " + e.getMessage()));
        }
        int bytes = file.map(f -> f.end() - f.start())
                .orElseThrow(() -> new TranslationException(ApiError.invalidRequest("`file` is required", "file")));
        String text = settings.reply() != null ? settings.reply()
                : "Mock " + (translation ? "translation" : "transcript") + " of " + bytes + " bytes of audio.";
        double seconds = Math.max(0.1, bytes / BYTES_PER_SECOND);
        return switch (format) {
            case "json" -> new Answer(MediaType.JSON_UTF_8, Json.write(Json.object().put("text", text)
                    .set("usage", usage(seconds))));
            case "text" -> new Answer(MediaType.PLAIN_TEXT_UTF_8, text + "\n");
            case "verbose_json" -> new Answer(MediaType.JSON_UTF_8, Json.write(verbose(text, seconds, translation, language)));
            case "srt" -> new Answer(MediaType.PLAIN_TEXT_UTF_8,
                    "1\n" + clock(0, ',') + " --> " + clock(seconds, ',') + "\n" + text + "\n\n");
            case "vtt" -> new Answer(MediaType.PLAIN_TEXT_UTF_8,
                    "WEBVTT\n\n" + clock(0, '.') + " --> " + clock(seconds, '.') + "\n" + text + "\n\n");
            default -> throw new TranslationException(ApiError.invalidRequest("`response_format` must be one of json, "
                    + "text, verbose_json, srt or vtt, got '" + format + "'", "response_format"));
        };
    }

    private static ObjectNode verbose(String text, double seconds, boolean translation, String language) {
        ObjectNode out = Json.object().put("task", translation ? "translate" : "transcribe")
                .put("language", translation || language == null ? "english" : language)
                .put("duration", seconds).put("text", text);
        out.putArray("segments").addObject().put("id", 0).put("seek", 0).put("start", 0.0).put("end", seconds)
                .put("text", text).put("temperature", 0.0).put("avg_logprob", 0.0).put("compression_ratio", 1.0)
                .put("no_speech_prob", 0.0).putArray("tokens");
        out.set("usage", usage(seconds));
        return out;
    }

    private static ObjectNode usage(double seconds) {
        return Json.object().put("type", "duration").put("seconds", (long) Math.ceil(seconds));
    }

    /** {@code HH:MM:SS,mmm} (SubRip) or {@code HH:MM:SS.mmm} (WebVTT). */
    private static String clock(double seconds, char separator) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, separator, millis % 1000);
    }
}
