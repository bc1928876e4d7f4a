package dev.streampatterns.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own, on 127.0.0.1, that the test can stop and start again with its data
 * kept (append-only file, fsync always): for outage tests that must not disturb the shared server.
 * {@link #startInMemory} starts one that keeps nothing on disk, for a chapter or a benchmark.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final String binary;
    private final Path directory;
    private final int port;
    /** Keeps what it acknowledged across a stop (append-only file, fsync always); else memory only. */
    private final boolean durable;
    private Process process;

    private RedisServerProcess(String binary, Path directory, int port, boolean durable) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.durable = durable;
    }

    /** Starts {@code redis-server} (see {@link TestServers#redisServerBinary()}) on a free port. */
    public static RedisServerProcess start(String binary) {
        RedisServerProcess server = new RedisServerProcess(binary, TempFolders.create("redis-"), freePort(), true);
        server.startAgain();
        return server;
    }

    /**
     * Starts {@code redis-server} on a free port with its data in memory only, as a cache or a
     * benchmark runs it: nothing survives a stop, and no write waits for a disk.
     */
    public static RedisServerProcess startInMemory(String binary) {
        RedisServerProcess server = new RedisServerProcess(binary, TempFolders.create("redis-"), freePort(), false);
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and data folder; returns once it accepts connections. */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        try {
            List<String> command = new java.util.ArrayList<>(List.of(binary, "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--dir", directory.toString(), "--save", ""));
            command.addAll(durable ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; see " + directory);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** Stops the server as an outage would (SIGKILL): what was acknowledged is in the append-only file. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping redis-server", e);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public void close() {
        stop();
        TempFolders.deleteRecursively(directory);
    }
}
