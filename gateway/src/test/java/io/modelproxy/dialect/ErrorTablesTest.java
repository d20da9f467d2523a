package io.modelproxy.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.anthropic.AnthropicErrors;
import io.modelproxy.dialect.openai.OpenAiErrors;
import io.modelproxy.translate.ApiError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error tables of the dialects, read both ways, on errors as {@link ApiError#fromUpstream} reads them. */
class ErrorTablesTest {
    private static final Dialects DIALECTS = Dialects.standard();


    @Test
    void readsAnOpenAiErrorAndRendersItForAnthropicClients() {
        ApiError e = ApiError.fromUpstream(404, bytes(
                "{\"error\":{\"message\":\"The model `gpt-9` does not exist\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"));
        assertThat(e.message()).isEqualTo("The model `gpt-9` does not exist");
        assertThat(e.code()).isEqualTo("model_not_found");
        assertThat(DIALECTS.wire(Dialect.AnthropicMessages).errorBody(e).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"The model `gpt-9` does not exist\"}}");
    }

    /** What a real OpenAI error of each status becomes for an Anthropic client: the type follows the status. */
    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error, invalid_request_error",
        "401, invalid_request_error, authentication_error",
        "403, invalid_request_error, permission_error",
        "404, invalid_request_error, not_found_error",
        "413, invalid_request_error, request_too_large",
        "429, requests, rate_limit_error",
        "429, insufficient_quota, rate_limit_error",
        "500, server_error, api_error",
        "503, server_error, api_error",
        "529, server_error, overloaded_error"})
    void anOpenAiErrorTypeGivesWayToTheStatusForAnthropicClients(int status, String openAiType, String anthropicType) {
        ApiError e = ApiError.fromUpstream(status, bytes(
                "{\"error\":{\"message\":\"m\",\"type\":\"" + openAiType + "\",\"param\":null,\"code\":null}}"));

        assertThat(AnthropicErrors.type(e)).isEqualTo(anthropicType);
        assertThat(DIALECTS.wire(Dialect.AnthropicMessages).errorBody(e).path("error").path("type").asText()).isEqualTo(anthropicType);
    }

    @Test
    void anAnthropicOnlyTypeIsKeptWhateverTheStatus() {
        assertThat(AnthropicErrors.type(ApiError.fromUpstream(400,
                bytes("{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"m\"}}")))).isEqualTo("billing_error");
    }

    @Test
    void readsAnAnthropicOverloadAndRendersIt503ForOpenAiClients() {
        ApiError e = ApiError.fromUpstream(529, bytes(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(AnthropicErrors.type(e)).isEqualTo("overloaded_error");
        assertThat(DIALECTS.wire(Dialect.AnthropicMessages).clientStatus(e)).isEqualTo(529);
        assertThat(DIALECTS.wire(Dialect.OpenAIChat).clientStatus(e)).isEqualTo(503);
        assertThat(DIALECTS.wire(Dialect.OpenAIChat).errorBody(e).path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void wrapsPlainTextAndDerivesTypesFromStatus() {
        ApiError e = ApiError.fromUpstream(502, bytes("<html>Bad gateway</html>"));
        assertThat(e.message()).isEqualTo("<html>Bad gateway</html>");
        assertThat(AnthropicErrors.type(e)).isEqualTo("api_error");
        assertThat(AnthropicErrors.type(ApiError.of(401, "bad key"))).isEqualTo("authentication_error");
        assertThat(OpenAiErrors.type(ApiError.of(429, "slow down"))).isEqualTo("rate_limit_exceeded");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
