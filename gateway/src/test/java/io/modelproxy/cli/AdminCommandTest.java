package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.modelproxy.api.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code model-proxy admin}: the admin alone over a namespace, here the fabric8 mock server's. */
@EnableKubernetesMockClient(crud = true, https = false)
class AdminCommandTest {
    KubernetesClient client;

    @Test
    void servesTheNamespacesObjectsBehindTheAdminKey(@TempDir Path dir) throws Exception {
        Provider provider = client.getKubernetesSerialization().unmarshal("""
                apiVersion: modelproxy.io/v1alpha1
                kind: Provider
                metadata: {name: openai}
                spec: {protocol: OpenAIChat, baseUrl: "https://api.openai.com/v1"}
                """, Provider.class);
        client.resource(provider).inNamespace("team-a").create();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: test-token}}]
                contexts: [{name: test, context: {cluster: mock, user: test}}]
                current-context: test
                """.formatted(client.getConfiguration().getMasterUrl()));
        AdminCommand command = new AdminCommand(Map.of("ADMIN_API_KEY", "admin-key-cli-test", "HOST", "127.0.0.1", "PORT", "0"));
        new CommandLine(command).parseArgs("--namespace", "team-a", "--kubeconfig", kubeconfig.toString(),
                "--gateway-url", "http://127.0.0.1:9");
        Server server = command.start();
        try {
            WebClient web = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
            AggregatedHttpResponse list = web.blocking().execute(RequestHeaders.builder(HttpMethod.GET, "/v1/admin/providers")
                    .add("authorization", "Bearer admin-key-cli-test").build());
            assertThat(list.status().code()).isEqualTo(200);
            assertThat(list.contentUtf8()).contains("\"name\":\"openai\"").contains("team-a/Provider/openai");
            assertThat(web.blocking().get("/v1/admin/providers").status().code()).isEqualTo(401);
            assertThat(web.blocking().get("/setup/").status().code()).isEqualTo(200);
            AggregatedHttpResponse session = web.blocking().execute(RequestHeaders.builder(HttpMethod.GET, "/v1/admin/session")
                    .add("authorization", "Bearer admin-key-cli-test").build());
            assertThat(session.contentUtf8()).as("the test bench goes to --gateway-url").contains("\"bench\":true");
        } finally {
            server.stop().join();
        }
    }
}
