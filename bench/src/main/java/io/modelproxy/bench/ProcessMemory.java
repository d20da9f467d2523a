package io.modelproxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /** The head of {@code jcmd GC.class_histogram} of {@code pid}: its column titles and the {@code classes} largest classes. */
    static String histogram(long pid, int classes) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram").lines().dropWhile(l -> !l.contains("#instances")).limit(classes + 2L)
                .collect(Collectors.joining("\n"));
    }

    /** Writes the live objects of {@code pid}'s heap to {@code file} ({@code jcmd GC.heap_dump}). */
    static void dumpHeap(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "GC.heap_dump", file.toString());
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new BenchmarkException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
