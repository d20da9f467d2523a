package io.modelproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MainTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "compile", "version", "health"})
    void everyCommandHasHelp(String command) {
        Cli cli = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).startsWith(("Usage: model-proxy " + command).strip()).contains("-h, --help");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheSubcommandsAndExitCodes() {
        Cli cli = Cli.run("help");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("validate", "compile", "version", "Exit codes:", "2   usage error");
    }

    @Test
    void versionComesFromTheJarManifestOrIsDev() {
        assertThat(Cli.run("version")).isEqualTo(new Cli(0, "model-proxy dev\n", ""));
        assertThat(Cli.run("--version")).isEqualTo(new Cli(0, "model-proxy dev\n", ""));
    }

    @Test
    void usageErrorsAreOneClearMessageAndExitCode2() {
        Cli noCommand = Cli.run();
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("model-proxy: Missing required subcommand");

        Cli typo = Cli.run("valdate", "x");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched arguments from index 0: 'valdate', 'x'", "validate");

        Cli missingPath = Cli.run("validate");
        assertThat(missingPath.exitCode()).isEqualTo(2);
        assertThat(missingPath.err()).isEqualTo("model-proxy validate: Missing required parameter: 'PATH'\n"
                + "Try 'model-proxy validate --help' for more information.\n");

        Cli unknownOption = Cli.run("compile", "--bogus", "x");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("model-proxy compile: Unknown option: '--bogus'");

        for (Cli cli : new Cli[] {noCommand, typo, missingPath, unknownOption}) {
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aPathThatDoesNotExistIsOneLineAndExitCode1() {
        Cli cli = Cli.run("validate", "no/such/dir");

        assertThat(cli).isEqualTo(new Cli(1, "", "model-proxy validate: no/such/dir: no such file or directory\n"));
    }
}
