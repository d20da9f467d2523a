package io.modelproxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JVM's memory as the idle-streams measurement reads it: the live heap right after a full GC that
 * {@code jcmd} asks for, the process's resident set from {@code /proc/<pid>/status}, and its open files.
 *
 * @param heapBytes heap in use after the full GC
 * @param rssBytes resident set size
 * @param fds open file descriptors
 */
record ProcessMemory(long heapBytes, long rssBytes, long fds) {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /** Runs a full GC in {@code pid} (a JVM), then reads its heap, resident set and open files. */
    static ProcessMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(heap);
        if (!used.find()) {
            throw new BenchmarkException("jcmd GC.heap_info of " + pid + " shows no heap in use: " + heap);
        }
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!rss.find()) {
            throw new BenchmarkException("/proc/" + pid + "/status has no VmRSS");
        }
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = open.count();
        }
        return new ProcessMemory(Long.parseLong(used.group(1)) * 1024, Long.parseLong(rss.group(1)) * 1024, fds);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new BenchmarkException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
