package io.modelproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenEstimator CL100K = TokenEstimator.cl100k();

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void countsMessageTextWithPerMessageOverhead() throws Exception {
        // "hello world" is 2 tokens in cl100k_base.
        assertThat(CL100K.count(json("{'messages':[{'role':'user','content':'hello world'}]}")))
                .isEqualTo(2 + TokenEstimator.PER_MESSAGE_TOKENS);
        assertThat(CL100K.count(json("{'system':'hello world','messages':[{'role':'user','content':[{'type':'text','text':'hello world'}]}]}")))
                .isEqualTo(2 * (2 + TokenEstimator.PER_MESSAGE_TOKENS));
    }

    @Test
    void countsToolsToolTrafficAndMedia() throws Exception {
        long bare = CL100K.count(json("{'messages':[{'role':'user','content':'hi'}]}"));
        long withTool = CL100K.count(json("{'messages':[{'role':'user','content':'hi'}],"
                + "'tools':[{'name':'get_weather','description':'Weather for a city','input_schema':{'type':'object','properties':{'city':{'type':'string'}}}}]}"));
        assertThat(withTool).isGreaterThan(bare + 10);

        long toolTurns = CL100K.count(json("{'messages':[{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'get_weather','input':{'city':'Paris'}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':'18 degrees'}]}]}"));
        assertThat(toolTurns).isGreaterThan(2 * TokenEstimator.PER_MESSAGE_TOKENS + 5);

        long image = CL100K.count(json("{'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','media_type':'image/png','data':'AAAA'}}]}]}"));
        assertThat(image).isEqualTo(TokenEstimator.MEDIA_TOKENS + TokenEstimator.PER_MESSAGE_TOKENS);
    }

    @Test
    void approximationCountsFourCharactersPerToken() throws Exception {
        ObjectNode request = json("{'system':'12345678','messages':[{'role':'user','content':'123456789'}]}");
        assertThat(TokenEstimator.approximate(request)).isEqualTo(2 + 3 + 2 * TokenEstimator.PER_MESSAGE_TOKENS);
    }

    @Test
    void encodingsDiffer() throws Exception {
        ObjectNode request = json("{'messages':[{'role':'user','content':'Grüße aus Köln, 世界! Ünïcödé tëxt costs tokens.'}]}");
        assertThat(TokenEstimator.o200k().count(request)).isNotEqualTo(CL100K.count(request)).isPositive();
    }
}
