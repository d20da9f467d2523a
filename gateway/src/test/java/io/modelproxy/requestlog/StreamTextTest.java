package io.modelproxy.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamTextTest {

    private static String collected(String... chunks) {
        StreamText text = new StreamText();
        for (String chunk : chunks) {
            text.collect(chunk.getBytes(StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    @Test
    void takesTheGeneratedTextOfEveryDialectsEvents() {
        assertThat(collected(
                "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n",
                "data: {\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\", hm\"}}\n\n",
                "data: {\"type\":\"response.output_text.delta\",\"delta\":\"!\"}\n\n",
                "data: {\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n",
                "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"[]\"}}]}}]}\n\n"))
                .isEqualTo("Hi there, hm!{}[]");
    }

    @Test
    void whitespaceAroundTheColonAndEscapedQuotesInsideTheText() {
        assertThat(collected("data: {\"content\" :\t\"say \\\"text\\\": \\\"no\\\"\", \"type\": \"text\"}\n\n"))
                .isEqualTo("say \\\"text\\\": \\\"no\\\"");
    }

    @Test
    void otherFieldsAndNamesThatOnlyStartLikeOnesAreLeftOut() {
        assertThat(collected("data: {\"type\":\"text_delta\",\"contents\":\"x\",\"textual\":\"y\",\"delta\":{},"
                + "\"text\":null,\"thinking_budget\":\"z\",\"content\"}\n\n")).isEmpty();
    }

    @Test
    void keepsNoMoreThanItsLimit() {
        String chunk = "data: {\"content\":\"" + "a".repeat(1000) + "\"}\n\n";
        StreamText text = new StreamText();
        for (int i = 0; i < 1000; i++) {
            text.collect(chunk.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(text.toString()).hasSizeBetween(StreamText.MAX_BYTES, StreamText.MAX_BYTES + 1000);
    }
}
