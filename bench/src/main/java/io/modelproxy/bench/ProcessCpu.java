package io.modelproxy.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (user plus system) that a process and its descendants have used, from {@code /proc/<pid>/stat}.
 * Descendants count because nginx does its work in worker processes forked by the master.
 *
 * @param proc the proc file system root, {@code /proc}
 * @param clockTicksPerSecond the kernel's USER_HZ ({@code getconf CLK_TCK}, 100 on Linux)
 */
public record ProcessCpu(Path proc, long clockTicksPerSecond) {

    /** CPU time in nanoseconds of {@code pid} and every live descendant. */
    public long nanos(long pid) throws IOException {
        Map<Long, Stat> stats = readAll();
        if (!stats.containsKey(pid)) {
            throw new NoSuchFileException(proc.resolve(Long.toString(pid)).toString(), null, "process is gone");
        }
        Map<Long, List<Long>> children = new HashMap<>();
        stats.forEach((child, stat) -> children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(child));
        long ticks = 0;
        Deque<Long> pending = new ArrayDeque<>(List.of(pid));
        while (!pending.isEmpty()) {
            long next = pending.pop();
            ticks += stats.get(next).ticks();
            pending.addAll(children.getOrDefault(next, List.of()));
        }
        return ticks * 1_000_000_000L / clockTicksPerSecond;
    }

    private Map<Long, Stat> readAll() throws IOException {
        Map<Long, Stat> stats = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, entry -> isPid(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                try {
                    stats.put(Long.parseLong(entry.getFileName().toString()), parse(Files.readString(entry.resolve("stat"))));
                } catch (NoSuchFileException e) {
                    // exited between listing and reading
                }
            }
        }
        return stats;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /**
     * Parses one {@code stat} line. The command name (field 2) is in parentheses and may itself hold
     * spaces and parentheses, so fields are counted from the last {@code ')'}.
     */
    static Stat parse(String line) {
        String[] fields = line.substring(line.lastIndexOf(')') + 2).strip().split(" ");
        // after the name: state(3) ppid(4) ... utime(14) stime(15), so index = field - 3
        return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** The parent and the user plus system clock ticks of one process. */
    record Stat(long ppid, long ticks) {}
}
