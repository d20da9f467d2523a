package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.api.Dialect;
import io.modelproxy.dialect.Dialects;
import io.modelproxy.config.ModelConfig.SystemPrompt;
import io.modelproxy.config.ModelConfig.SystemPrompt.Replacement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPromptEditsTest {
    private static final Dialects DIALECTS = Dialects.standard();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SystemPromptEdits EDITS = new SystemPromptEdits(new SystemPrompt(
            List.of(new Replacement("Claude Code", "the agent"), new Replacement("the agent", "Helper")), "Answer in French."));

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void anthropicBlocksAreReplacedInOrderAndTheAppendIsANewBlock() throws Exception {
        ObjectNode body = json("{'system':[{'type':'text','text':'You are Claude Code.','cache_control':{'type':'ephemeral'}}],"
                + "'messages':[{'role':'user','content':'Claude Code?'},{'role':'system','content':'Claude Code rules'}]}");
        EDITS.apply(DIALECTS.wire(Dialect.AnthropicMessages), body);
        assertThat(body).isEqualTo(json("{'system':[{'type':'text','text':'You are Helper.','cache_control':{'type':'ephemeral'}},"
                + "{'type':'text','text':'Answer in French.'}],"
                + "'messages':[{'role':'user','content':'Claude Code?'},{'role':'system','content':'Helper rules'}]}"));
    }

    @Test
    void anthropicStringOrMissingSystemGetsTheAppend() throws Exception {
        ObjectNode withString = EDITS.apply(DIALECTS.wire(Dialect.AnthropicMessages), json("{'system':'Hi Claude Code','messages':[]}"));
        assertThat(withString.get("system").asText()).isEqualTo("Hi Helper\n\nAnswer in French.");
        ObjectNode without = EDITS.apply(DIALECTS.wire(Dialect.AnthropicMessages), json("{'messages':[]}"));
        assertThat(without.get("system").asText()).isEqualTo("Answer in French.");
    }

    @Test
    void chatAppendsToTheLastLeadingSystemMessageAndReplacesInLaterOnes() throws Exception {
        ObjectNode body = json("{'messages':[{'role':'system','content':'A'},{'role':'developer','content':[{'type':'text','text':'Claude Code'}]},"
                + "{'role':'user','content':'Claude Code'},{'role':'system','content':'late Claude Code'}]}");
        EDITS.apply(DIALECTS.wire(Dialect.OpenAIChat), body);
        assertThat(body).isEqualTo(json("{'messages':[{'role':'system','content':'A'},"
                + "{'role':'developer','content':[{'type':'text','text':'Helper'},{'type':'text','text':'Answer in French.'}]},"
                + "{'role':'user','content':'Claude Code'},{'role':'system','content':'late Helper'}]}"));
    }

    @Test
    void chatWithoutSystemMessageGetsOneFirst() throws Exception {
        ObjectNode body = EDITS.apply(DIALECTS.wire(Dialect.OpenAIChat), json("{'messages':[{'role':'user','content':'hi'}]}"));
        JsonNode first = body.get("messages").get(0);
        assertThat(first).isEqualTo(json("{'role':'system','content':'Answer in French.'}"));
    }

    @Test
    void responsesEditsInstructionsAndSystemItems() throws Exception {
        ObjectNode body = json("{'instructions':'You are Claude Code','input':[{'type':'message','role':'developer',"
                + "'content':[{'type':'input_text','text':'Claude Code perms'}]},{'type':'message','role':'user','content':'Claude Code'}]}");
        EDITS.apply(DIALECTS.wire(Dialect.OpenAIResponses), body);
        assertThat(body.get("instructions").asText()).isEqualTo("You are Helper\n\nAnswer in French.");
        assertThat(body.at("/input/0/content/0/text").asText()).isEqualTo("Helper perms");
        assertThat(body.at("/input/1/content").asText()).isEqualTo("Claude Code");
        assertThat(EDITS.apply(DIALECTS.wire(Dialect.OpenAIResponses), json("{'input':'x'}")).get("instructions").asText()).isEqualTo("Answer in French.");
    }

    @Test
    void noEditsLeaveTheBodyAlone() throws Exception {
        SystemPromptEdits none = new SystemPromptEdits(null);
        ObjectNode body = json("{'system':'x','messages':[]}");
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.apply(DIALECTS.wire(Dialect.AnthropicMessages), body)).isEqualTo(json("{'system':'x','messages':[]}"));
    }
}
