package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolAliasesTest {

    @Test
    void acceptedNamesAndIdsAreKept() {
        assertThat(ToolAliases.rewrite("get_weather")).isEqualTo("get_weather");
        assertThat(ToolAliases.rewrite("toolu_01A-b")).isEqualTo("toolu_01A-b");
    }

    @Test
    void rewritesAreShortValidDeterministicAndDistinct() {
        String name = "mcp__server__" + "x".repeat(70);
        String alias = ToolAliases.rewrite(name);
        assertThat(alias).hasSize(64).matches("^[a-zA-Z0-9_-]{1,64}$").isEqualTo(ToolAliases.rewrite(name));
        assertThat(ToolAliases.rewrite("a.b")).isNotEqualTo(ToolAliases.rewrite("a:b")).startsWith("a_b_");
        assertThat(ToolAliases.rewrite("")).matches("^tool_[0-9a-f]{8}$");
    }

    @Test
    void restoresWhatItRewroteAndPassesOtherValuesThrough() {
        ToolAliases aliases = new ToolAliases();
        String name = "n".repeat(80);
        String upName = aliases.upstreamName(name);
        String upId = aliases.upstreamId("functions.Bash:0");
        assertThat(aliases.clientName(upName)).isEqualTo(name);
        assertThat(aliases.clientId(upId)).isEqualTo("functions.Bash:0");
        assertThat(aliases.clientName("other")).isEqualTo("other");
        assertThat(aliases.clientId(null)).isNull();
    }
}
