package io.modelproxy.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsTheFieldAfterAFilePartThatLooksLikeADelimiter() throws Exception {
        byte[] body = bytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"model.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFF--xyz\r\nname=\"model\"\r\n\r\nfake\r\n--xyz\r\n"
                + "content-disposition: form-data; name=model\r\n\r\nwhisper-1\r\n--xyz--\r\n");

        MultipartForm.Field model = MultipartForm.field(body, "xyz", "model").orElseThrow();

        assertThat(model.value()).isEqualTo("whisper-1");
        assertThat(new String(body, model.start(), model.end() - model.start(), StandardCharsets.UTF_8)).isEqualTo("whisper-1");
        assertThat(MultipartForm.field(body, "xyz", "prompt")).isEmpty();
    }

    @Test
    void readsTheBoundaryOfTheContentTypeQuotedOrNot() throws Exception {
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=abc")).contains("abc");
        assertThat(MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).contains("a b");
        assertThat(MultipartForm.boundary("application/json")).isEmpty();
        assertThat(MultipartForm.boundary(null)).isEmpty();
        assertThatThrownBy(() -> MultipartForm.boundary("multipart/form-data"))
                .hasMessage("the multipart/form-data content type names no boundary");
    }

    @Test
    void aBodyWithoutItsBoundaryOrWithAnOpenPartIsMalformed() {
        assertThatThrownBy(() -> MultipartForm.field(bytes("{\"model\":\"x\"}"), "xyz", "model"))
                .hasMessage("the body holds no part delimited by the boundary of its content type");
        assertThatThrownBy(() -> MultipartForm.field(bytes("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhis"),
                "xyz", "model")).hasMessage("a part of the form is not closed by the boundary");
    }
}
