package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.translate.ThinkingSignature.Origin;
import org.junit.jupiter.api.Test;

/** Each vendor's replay token travels through the other dialect's field and comes back intact (§1.5). */
class ThinkingSignatureTest {

    @Test
    void openAiReasoningRoundTripsThroughAnAnthropicClient() {
        ThinkingSignature item = ThinkingSignature.openAi("rs_123", "gAAAAABo_x==");
        String signature = item.forAnthropicClient();
        assertThat(signature).startsWith("mpx-rs-v1:");
        assertThat(ThinkingSignature.fromAnthropicClient(signature)).isEqualTo(item);
    }

    @Test
    void claudeSignatureRoundTripsThroughAResponsesClient() {
        ThinkingSignature claude = ThinkingSignature.anthropic("EqQBCgIY");
        String encrypted = claude.forResponsesClient();
        assertThat(encrypted).startsWith("mpx-claude-v1:");
        assertThat(ThinkingSignature.fromResponsesClient("rs_9", encrypted)).isEqualTo(claude);
        assertThat(ThinkingSignature.redactedFromResponsesClient(ThinkingSignature.redactedForResponsesClient("data"))).isEqualTo("data");
    }

    @Test
    void unmarkedTokensBelongToTheDialectsOwnVendor() {
        assertThat(ThinkingSignature.fromAnthropicClient("EqQB").origin()).isEqualTo(Origin.ANTHROPIC);
        assertThat(ThinkingSignature.fromResponsesClient("rs_1", "gAAAA").origin()).isEqualTo(Origin.OPENAI);
        assertThat(ThinkingSignature.fromAnthropicClient("")).isNull();
        assertThat(ThinkingSignature.fromResponsesClient("rs_1", null)).isNull();
    }
}
