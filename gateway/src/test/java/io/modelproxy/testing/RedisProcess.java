package io.modelproxy.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Debian {@code redis-server} on a free loopback port, without persistence, that a test can stop and start again. */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private Process process;

    public RedisProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(30)).until(this::answers);
    }

    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * How many clients listen on a pub/sub channel ({@code PUBSUB NUMSUB}): a gateway subscribes to its
     * cooldown channel once connected, so this tells when replicas share their state.
     */
    public long subscribers(String channel) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // *2 $<n> <channel> :<count>, one line each
            StringBuilder reply = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int lines = 0, c; lines < 4 && (c = in.read()) >= 0; ) {
                reply.append((char) c);
                lines += c == '\n' ? 1 : 0;
            }
            String last = reply.toString().strip();
            return Long.parseLong(last.substring(last.lastIndexOf(':') + 1));
        }
    }

    private boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
