package io.modelproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.modelproxy.api.Dialect;
import io.modelproxy.testing.FakeUpstream;
import io.modelproxy.testing.FakeUpstream.Call;
import io.modelproxy.testing.ManifestGateway;
import io.modelproxy.testing.WireAnswers;
import io.modelproxy.testing.WireAnswers.AnthropicUsage;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A LogicalModel's system prompt edits reach the provider on every kind of route: passed through
 * (where nothing else of the body changes but {@code model}), translated from Chat and from
 * Responses; a fallback model's routes carry the fallback model's own edits.
 */
class SystemPromptRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final FakeUpstream anthropic = new FakeUpstream();

    @RegisterExtension
    @Order(2)
    static final FakeUpstream chat = new FakeUpstream();

    @RegisterExtension
    @Order(3)
    static final ManifestGateway gateway = new ManifestGateway(() ->
            ManifestGateway.provider("anth", Dialect.AnthropicMessages, anthropic.baseUrl(), "sk-ant")
            + ManifestGateway.provider("chat", Dialect.OpenAIChat, chat.baseUrl(), "sk-chat")
            + ManifestGateway.provider("broken", Dialect.AnthropicMessages, anthropic.baseUrl() + "/broken", "sk-broken")
            + edited("claude", "anth/claude-up") + edited("gpt", "chat/gpt-up")
            + ManifestGateway.modelWith("plain-then-edited", "fallbacks: [claude]", "broken/claude-up"));

    /** A LogicalModel with one route and the system-prompt edits under test. */
    private static String edited(String name, String route) {
        return ManifestGateway.modelWith(name, """
                systemPrompt:
                  replacements:
                    - {find: Claude Code, replace: the coding agent}
                    - {find: "Anthropic's", replace: the}
                  append: Answer in French.""", route);
    }

    @BeforeEach
    void answer() {
        anthropic.answer(call -> call.path().contains("/broken/")
                ? FakeUpstream.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}")
                : FakeUpstream.json(200, WireAnswers.anthropicJson("claude-up", Reply.text("ok"), new AnthropicUsage(1, 0, 0, 1))));
        chat.answer(call -> FakeUpstream.json(200, WireAnswers.chatJson("gpt-up", Reply.text("ok"), new ChatUsage(1, 0, 1))));
    }

    @Test
    void aPassedThroughRequestChangesOnlyInModelAndSystemPrompt() throws Exception {
        String body = "{\"model\":\"claude\",\"max_tokens\":64,\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, "
                + "Anthropic's CLI.\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Claude Code is mentioned here too\"}],\"zz_unknown\":{\"kept\":[1,2]},\"metadata\":{\"user_id\":\"u1\"}}";

        AggregatedHttpResponse res = gateway.post("/v1/messages", body);

        assertThat(res.status().code()).isEqualTo(200);
        JsonNode sent = anthropic.calls().getLast().json();
        JsonNode system = sent.path("system");
        assertThat(system).hasSize(2);
        assertThat(system.get(0).path("text").asText()).isEqualTo("You are the coding agent, the CLI.");
        assertThat(system.get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(system.get(1).path("text").asText()).isEqualTo("Answer in French.");
        ObjectNode expected = (ObjectNode) JSON.readTree(body);
        expected.put("model", "claude-up");
        expected.set("system", system);
        assertThat(sent).as("everything but model and system as the client sent it, user text included").isEqualTo(expected);
    }

    @Test
    void aChatRequestTranslatedForAnthropicCarriesTheEdits() {
        gateway.post("/v1/chat/completions", "{\"model\":\"claude\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are Claude Code.\"},{\"role\":\"user\",\"content\":\"hi\"}]}");

        Call call = anthropic.calls().getLast();
        assertThat(call.model()).isEqualTo("claude-up");
        assertThat(call.json().path("system").toString()).contains("You are the coding agent.").contains("Answer in French.")
                .doesNotContain("Claude Code");
    }

    @Test
    void aResponsesRequestTranslatedForChatCarriesTheEdits() {
        gateway.post("/v1/responses", "{\"model\":\"gpt\",\"instructions\":\"You are Claude Code.\",\"input\":\"hi\"}");

        JsonNode messages = chat.calls().getLast().json().path("messages");
        assertThat(messages.get(0).path("role").asText()).isIn("system", "developer");
        assertThat(messages.get(0).path("content").toString()).contains("You are the coding agent.").contains("Answer in French.");
        assertThat(messages.toString()).doesNotContain("Claude Code");
    }

    @Test
    void aFallbackModelsRoutesCarryItsOwnEdits() {
        AggregatedHttpResponse res = gateway.post("/v1/messages", "{\"model\":\"plain-then-edited\",\"max_tokens\":64,"
                + "\"system\":\"You are Claude Code.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(res.status().code()).isEqualTo(200);
        List<Call> calls = anthropic.calls();
        Call broken = calls.get(calls.size() - 2);
        Call fallback = calls.getLast();
        assertThat(broken.path()).isEqualTo("/v1/broken/messages");
        assertThat(broken.json().path("system").asText()).as("the model without edits sends the prompt as it came")
                .isEqualTo("You are Claude Code.");
        assertThat(fallback.json().path("system").asText()).isEqualTo("You are the coding agent.\n\nAnswer in French.");
    }
}
