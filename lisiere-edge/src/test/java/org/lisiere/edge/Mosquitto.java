package org.lisiere.edge;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A real Eclipse Mosquitto broker on a free loopback port, started from its Debian package for a test. */
final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    final URI url;

    /** A broker on a free port, its configuration and log in {@code directory}. */
    Mosquitto(Path directory) throws IOException {
        this(directory, freePort());
    }

    /** A broker on {@code port}, its configuration and log in {@code directory}. */
    Mosquitto(Path directory, int port) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Mosquitto is not installed: apt-get install mosquitto (.ci/run does)");
        }
        Files.createDirectories(directory);
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
        url = URI.create("tcp://127.0.0.1:" + port);
        awaitListening(port);
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        throw new IllegalStateException("Mosquitto did not listen on port " + port + " within 30 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
