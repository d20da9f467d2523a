package io.modelproxy.dialect.responses;

import io.modelproxy.api.Dialect;
import io.modelproxy.translate.ComposedCodec;

/** OpenAI Responses ({@code POST /v1/responses}). */
public final class ResponsesCodec extends ComposedCodec {
    /**
     * Characters of finished output items a Responses client stream keeps to repeat them in
     * response.completed; far above what a model's output cap allows, it bounds one stream's memory.
     */
    public static final int RETAINED_OUTPUT_CHARS = 1 << 20;

    ResponsesCodec() {
        super(Dialect.OpenAIResponses, new ResponsesRequestDecoder(), new ResponsesRequestEncoder(), new ResponsesResponses(),
                ResponsesStreamDecoder::new, ResponsesStreamEncoder::new);
    }
}
