package io.modelproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
    @TempDir
    Path proc;

    private void process(long pid, String name, long ppid, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        // the real layout: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(dir.resolve("stat"), pid + " (" + name + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 1 0 100 1000 10\n");
    }

    @Test
    void addsTheCpuTimeOfEveryDescendant() throws IOException {
        process(1, "init", 0, 1000, 1000);
        process(10, "nginx", 1, 5, 3);
        process(11, "nginx", 10, 200, 100);
        process(12, "nginx", 10, 150, 50);
        process(13, "helper", 11, 1, 1);
        process(20, "java", 1, 9999, 9999);
        Files.createDirectories(proc.resolve("self"));

        ProcessCpu cpu = new ProcessCpu(proc, 100);

        assertThat(cpu.nanos(10)).isEqualTo((5 + 3 + 200 + 100 + 150 + 50 + 1 + 1) * 10_000_000L);
        assertThat(cpu.nanos(12)).isEqualTo(200 * 10_000_000L);
    }

    @Test
    void readsFieldsAfterACommandNameWithSpacesAndParentheses() {
        ProcessCpu.Stat stat = ProcessCpu.parse("42 (my (odd) name) R 7 42 42 0 -1 0 0 0 0 0 12 34 0 0 20 0");

        assertThat(stat).isEqualTo(new ProcessCpu.Stat(7, 46));
    }

    @Test
    void aProcessThatIsGoneIsAnError() throws IOException {
        process(1, "init", 0, 1, 1);

        assertThatThrownBy(() -> new ProcessCpu(proc, 100).nanos(99)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("99");
    }

    @Test
    void readsThisProcessFromTheRealProc() throws IOException {
        assertThat(new ProcessCpu(Path.of("/proc"), 100).nanos(ProcessHandle.current().pid())).isPositive();
    }
}
