package io.modelproxy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the command line through {@link Main#run}, with what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Cli(exitCode, out.toString(), err.toString());
    }

    static Cli run(String... args) {
        return run(Map.of(), args);
    }
}
