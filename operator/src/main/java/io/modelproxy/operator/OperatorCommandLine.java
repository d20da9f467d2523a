package io.modelproxy.operator;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * The operator's few command-line arguments. Its settings come from the environment, so the only
 * arguments are the questions a person asks before running it ({@code --help}, {@code --version}),
 * answered without touching a cluster.
 */
final class OperatorCommandLine {
    static final int USAGE_ERROR = 2;

    private static final String USAGE = """
            Usage: java -jar model-proxy-operator.jar [-h | --help | -V | --version]
            The Model Proxy operator: runs a gateway (a Deployment and a Service) for every ModelGateway
            and compiles its LogicalModels and Providers into the gateway's ConfigMap.
            Without arguments it connects to the cluster: the pod's service account, or KUBECONFIG /
            ~/.kube/config.

              -h, --help      Show this help message and exit.
              -V, --version   Print version information and exit.

            Environment:
              WATCH_NAMESPACES  namespaces to serve, comma-separated (default: all)
              GATEWAY_IMAGE     image of gateway pods whose ModelGateway names none (default: %s)
              HTTP_PORT         port of /healthz, /readyz and /metrics (default: %d)
              LEADER_ELECTION   true or false (default: true), through the Lease %s
              LEASE_NAMESPACE   namespace of that Lease (default: the client's namespace)

            Exit codes:
              0   stopped, or help or version printed
              1   cannot start (e.g. the cluster cannot be reached)
              2   usage error or invalid setting
            """;

    private OperatorCommandLine() {}

    /**
     * Answers the arguments that do not need a cluster.
     *
     * @return the exit code when the arguments were answered here; empty to run the operator
     */
    static OptionalInt answer(List<String> args, PrintWriter out, PrintWriter err) {
        try {
            if (args.isEmpty()) {
                return OptionalInt.empty();
            }
            if (args.size() == 1) {
                switch (args.get(0)) {
                    case "-h", "--help" -> {
                        out.print(USAGE.formatted(OperatorSettings.defaultGatewayImage(), OperatorSettings.DEFAULT_HTTP_PORT,
                                OperatorSettings.LEASE_NAME));
                        return OptionalInt.of(0);
                    }
                    case "-V", "--version" -> {
                        out.println("model-proxy-operator " + OperatorSettings.version());
                        return OptionalInt.of(0);
                    }
                    default -> { }
                }
            }
            err.println("model-proxy-operator: unexpected arguments " + args
                    + " (settings come from the environment)");
            err.println("Try 'java -jar model-proxy-operator.jar --help' for more information.");
            return OptionalInt.of(USAGE_ERROR);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
