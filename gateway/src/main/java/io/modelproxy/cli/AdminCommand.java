package io.modelproxy.cli;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.modelproxy.admin.api.AdminService;
import io.modelproxy.admin.bench.GatewayBench;
import io.modelproxy.admin.cluster.ClusterStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code model-proxy admin}: the admin UI alone, over the custom resources of one namespace (server-side
 * apply with the field manager {@code model-proxy-admin}; GitOps-managed objects are read-only).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Run the admin UI (/setup/) and API (/v1/admin/*) over a namespace's Providers, LogicalModels and ModelGateways.",
                "Environment: ADMIN_API_KEY (the admin credential; without it the admin listens on loopback only), CLIENT_API_KEY (the test bench's gateway client key), HOST, PORT."})
public final class AdminCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--namespace", required = true, paramLabel = "NS", description = "The namespace whose objects are edited.")
    private String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: in-cluster, then KUBECONFIG or ~/.kube/config).")
    private Path kubeconfig;

    @Option(names = "--manage-secrets", description = "Allow setting keys (create and patch Secrets).")
    private boolean manageSecrets;

    @Option(names = "--gateway-url", paramLabel = "URL",
            description = "A gateway the test bench sends prompts through (e.g. http://model-proxy-gateway:8080; its client key from CLIENT_API_KEY). Without it there is no test bench.")
    private URI gatewayUrl;

    private final Map<String, String> env;

    AdminCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Server server = start();
        server.closeOnJvmShutdown();
        server.whenClosed().join();
        return 0;
    }

    /** Starts the admin server; the caller owns it. */
    Server start() throws IOException {
        String credential = env.get("ADMIN_API_KEY");
        boolean open = credential != null && !credential.isBlank();
        String host = env.getOrDefault("HOST", open ? "0.0.0.0" : "127.0.0.1");
        if (!open && !host.equals("127.0.0.1") && !host.equals("localhost")) {
            spec.commandLine().getErr().println("model-proxy admin: no ADMIN_API_KEY, so listening on loopback only");
            host = "127.0.0.1";
        }
        int port = Integer.parseInt(env.getOrDefault("PORT", "9877"));
        KubernetesClient client = kubeconfig == null ? new KubernetesClientBuilder().build()
                : new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        ServerBuilder builder = Server.builder().http(new InetSocketAddress(host, port));
        AdminService.Builder admin = AdminService.builder(new ClusterStore(client, namespace, manageSecrets))
                .credential(credential);
        if (gatewayUrl != null) {
            admin.testBench(new GatewayBench(() -> gatewayUrl, env.get("CLIENT_API_KEY")));
        }
        admin.build().mountOn(builder);
        Server server = builder.build();
        server.whenClosed().thenRun(client::close);
        server.start().join();
        spec.commandLine().getOut().println("Admin UI for namespace " + namespace + " at http://" + host + ":"
                + server.activeLocalPort() + "/setup/");
        return server;
    }
}
