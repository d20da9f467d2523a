package io.modelproxy.testing;

import com.linecorp.armeria.common.HttpResponse;
import io.modelproxy.testing.WireAnswers.ChatUsage;
import io.modelproxy.testing.WireAnswers.Reply;

/**
 * A Chat upstream for the metrics and request log tests: usage 11 in (3 cached) / 7 out for JSON, 21 (5) /
 * 9 for streams that ask for usage, except on upstream model {@code no-stream-usage} (a provider that
 * ignores {@code stream_options}); upstream model {@code broken} answers 500, {@code limited-up} a 429
 * on a key whose value contains {@code -k1-}.
 */
public final class UsageAnswers {
    private UsageAnswers() {}

    public static HttpResponse answer(FakeUpstream.Call call) {
        String model = call.model();
        if ("broken".equals(model)) {
            return FakeUpstream.json(500, "{\"error\":{\"message\":\"down\"}}");
        }
        if ("limited-up".equals(model) && call.key() != null && call.key().contains("-k1-")) {
            return FakeUpstream.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "120");
        }
        boolean stream = call.json().path("stream").asBoolean(false);
        boolean usage = call.json().path("stream_options").path("include_usage").asBoolean(false)
                && !"no-stream-usage".equals(model);
        if (stream) {
            return FakeUpstream.sse(WireAnswers.chatSse(model, Reply.text("Hello there, streaming world"),
                    new ChatUsage(21, 5, 9), usage));
        }
        return FakeUpstream.json(200, WireAnswers.chatJson(model, Reply.text("Hello"), new ChatUsage(11, 3, 7)));
    }

}
