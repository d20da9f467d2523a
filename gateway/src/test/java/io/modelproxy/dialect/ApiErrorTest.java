package io.modelproxy.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Protocol;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void readsAnOpenAiErrorAndRendersItForAnthropicClients() {
        ApiError e = ApiError.fromUpstream(404, bytes(
                "{\"error\":{\"message\":\"The model `gpt-9` does not exist\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"));
        assertThat(e.message()).isEqualTo("The model `gpt-9` does not exist");
        assertThat(e.code()).isEqualTo("model_not_found");
        assertThat(e.toJson(Protocol.AnthropicMessages).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"The model `gpt-9` does not exist\"}}");
    }

    @Test
    void readsAnAnthropicOverloadAndRendersIt503ForOpenAiClients() {
        ApiError e = ApiError.fromUpstream(529, bytes(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(e.anthropicType()).isEqualTo("overloaded_error");
        assertThat(e.statusFor(Protocol.AnthropicMessages)).isEqualTo(529);
        assertThat(e.statusFor(Protocol.OpenAIChat)).isEqualTo(503);
        assertThat(e.toJson(Protocol.OpenAIChat).path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void wrapsPlainTextAndDerivesTypesFromStatus() {
        ApiError e = ApiError.fromUpstream(502, bytes("<html>Bad gateway</html>"));
        assertThat(e.message()).isEqualTo("<html>Bad gateway</html>");
        assertThat(e.anthropicType()).isEqualTo("api_error");
        assertThat(ApiError.of(401, "bad key").anthropicType()).isEqualTo("authentication_error");
        assertThat(ApiError.of(429, "slow down").openAiType()).isEqualTo("rate_limit_exceeded");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
