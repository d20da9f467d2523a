package io.modelproxy.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code free-port}: prints ports free on loopback right now, for servers that cannot bind port 0 and say so. */
@Command(name = "free-port", mixinStandardHelpOptions = true, description = "Print free loopback ports, one a line.")
final class FreePortCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--count", defaultValue = "1", description = "How many distinct ports (default: ${DEFAULT-VALUE}).")
    private int count;

    @Override
    public Integer call() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // held open together so the ports are distinct
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName(Loopback.HOST)));
            }
            held.forEach(socket -> spec.commandLine().getOut().println(socket.getLocalPort()));
            spec.commandLine().getOut().flush();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return 0;
    }
}
