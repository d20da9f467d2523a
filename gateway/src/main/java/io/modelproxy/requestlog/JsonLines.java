package io.modelproxy.requestlog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Records as JSON, one per line: on stdout, or appended to a file that is rotated once it reaches its
 * size ({@code FILE} becomes {@code FILE.1}, {@code FILE.1} becomes {@code FILE.2}, and so on up to
 * {@value #KEPT}; the oldest goes).
 */
final class JsonLines implements Sink {
    static final int KEPT = 3;

    private final PrintStream stdout;
    private final Path file;
    private final long maxBytes;
    private OutputStream out;
    private long size;

    private JsonLines(PrintStream stdout, Path file, long maxBytes) {
        this.stdout = stdout;
        this.file = file;
        this.maxBytes = maxBytes;
    }

    static JsonLines stdout(PrintStream stdout) {
        return new JsonLines(stdout, null, 0);
    }

    /** Opens (or creates) the file at once, so that a path that cannot be written is reported at start. */
    static JsonLines file(Path file, long maxBytes) throws IOException {
        JsonLines sink = new JsonLines(null, file, maxBytes);
        sink.open();
        return sink;
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    @Override
    public void write(List<RequestEntry> batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (RequestEntry e : batch) {
            lines.append(EntryJson.of(e)).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        if (stdout != null) {
            stdout.write(bytes);
            stdout.flush();
            return;
        }
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        out.write(bytes);
        out.flush();
        size += bytes.length;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(KEPT));
        for (int i = KEPT - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public String name() {
        return file == null ? "stdout" : "file";
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // closing after the last write: nothing left to lose
            }
        }
    }
}
