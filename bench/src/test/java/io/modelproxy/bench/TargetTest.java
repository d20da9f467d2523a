package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void parsesNameUriAndPid() {
        assertThat(Target.parse("nginx=http://127.0.0.1:8080,pid=42"))
                .isEqualTo(new Target("nginx", URI.create("http://127.0.0.1:8080"), OptionalLong.of(42)));
        assertThat(Target.parse("direct=http://127.0.0.1:9000").pid()).isEmpty();
    }

    @Test
    void trafficStaysOnLoopback() {
        assertThatThrownBy(() -> Target.parse("gateway=http://example.com:80"))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> Target.parse("gateway=http://10.0.0.1:80")).hasMessageContaining("loopback");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> Target.parse("http://127.0.0.1:80")).hasMessageContaining("NAME=");
        assertThatThrownBy(() -> Target.parse("x=http://127.0.0.1:80,pid=abc")).hasMessageContaining("pid is not a number");
        assertThatThrownBy(() -> Target.parse("x=http://127.0.0.1:80,cpu=1")).hasMessageContaining("unknown part");
    }
}
