package org.lisiere.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy between an edge and its core, under the test's control: it passes bytes through, or breaks
 * the link in the ways networks do, and keeps a copy of every byte the edge sent.
 *
 * <p>The fault in force when bytes arrive decides their fate, on new and kept-alive connections alike, so a test
 * needs no care for the connections the edge's HTTP client keeps open.
 */
final class FaultyLink implements AutoCloseable {
    /** What happens to the bytes of a request and its answer. */
    enum Fault {
        /** Bytes pass both ways. */
        NONE,
        /** The connection is reset when the edge sends: nothing reaches the core. */
        RESET,
        /** The request reaches the core, which acts on it, but its answer is lost: the connection is reset. */
        LOSE_ANSWER,
        /** The request is swallowed and nothing ever comes back: a half-open connection. */
        HALF_OPEN,
        /** The edge's bytes reach the core one at a time, each in its own write, as over a poor link. */
        TRICKLE,
        /** Every byte the edge sends reaches the core twice, over two connections; one answer comes back. */
        DUPLICATE,
        /** Half of a request reaches the core, then the link stalls until {@link #set} changes the fault. */
        STALL_MID_REQUEST
    }

    private final ServerSocket server;
    private final InetSocketAddress core;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final Map<Fault, Integer> requestsHit = new ConcurrentHashMap<>();
    private volatile Fault fault = Fault.NONE;
    private volatile CountDownLatch stalled = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    /** A link to the core listening on {@code corePort} of the loopback address. */
    FaultyLink(int corePort) {
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.core = new InetSocketAddress(InetAddress.getLoopbackAddress(), corePort);
        daemon("faulty-link", this::acceptLoop);
    }

    /** The URL the edge should take for the core's. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, bytes suffer {@code next}; a stalled request is cut. */
    void set(Fault next) {
        CountDownLatch cut = release;
        stalled = new CountDownLatch(1);
        release = new CountDownLatch(1);
        fault = next;
        cut.countDown();
    }

    /** Waits until a request stalled half-way under {@link Fault#STALL_MID_REQUEST}. */
    void awaitStall() throws InterruptedException {
        if (!stalled.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("No request reached the link");
        }
    }

    /** How many chunks of the edge's requests met {@code kind}. */
    int hits(Fault kind) {
        return requestsHit.getOrDefault(kind, 0);
    }

    /** Every byte the edge sent through the link so far, as text. */
    String sentText() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket edge = server.accept();
                open.add(edge);
                daemon("faulty-link-connection", () -> relay(edge));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Relays one connection of the edge, chunk by chunk, under the fault in force for each. */
    private void relay(Socket edge) {
        Socket upstream = null;
        Socket twin = null;
        try {
            upstream = connect();
            Socket answering = upstream;
            daemon("faulty-link-answers", () -> answers(answering, edge));
            InputStream in = edge.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                record(buffer, n);
                Fault now = fault;
                requestsHit.merge(now, 1, Integer::sum);
                switch (now) {
                    case RESET -> {
                        return;
                    }
                    case HALF_OPEN -> { }
                    case STALL_MID_REQUEST -> {
                        stall(in, buffer, n, upstream);
                        return;
                    }
                    case DUPLICATE -> {
                        if (twin == null) {
                            twin = connect();
                            Socket drained = twin;
                            daemon("faulty-link-twin", () -> drain(drained));
                        }
                        forward(upstream, buffer, n);
                        forward(twin, buffer, n);
                    }
                    case TRICKLE -> {
                        for (int i = 0; i < n; i++) {
                            forward(upstream, buffer, i, 1);
                        }
                    }
                    default -> forward(upstream, buffer, n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the link or a side closed: that is what connections do here
        } finally {
            reset(edge);
            closeQuietly(upstream);
            closeQuietly(twin);
        }
    }

    private void answers(Socket upstream, Socket edge) {
        try {
            InputStream in = upstream.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (fault == Fault.LOSE_ANSWER) {
                    return; // the core answered, so it acted on the request; the edge never hears of it
                }
                forward(edge, buffer, n);
            }
        } catch (IOException e) {
            // closed
        } finally {
            reset(edge);
            closeQuietly(upstream);
        }
    }

    /** Sends the core the first half of the request that {@code chunk} begins, then waits for {@link #set}. */
    private void stall(InputStream in, byte[] chunk, int length, Socket upstream)
            throws IOException, InterruptedException {
        CountDownLatch released = release;
        byte[] request = readRequest(in, chunk, length);
        record(java.util.Arrays.copyOfRange(request, length, request.length), request.length - length);
        upstream.getOutputStream().write(request, 0, request.length / 2);
        upstream.getOutputStream().flush();
        stalled.countDown();
        released.await(60, TimeUnit.SECONDS);
    }

    /** The request that {@code chunk} begins: headers, and body by its Content-Length. */
    private static byte[] readRequest(InputStream in, byte[] chunk, int length) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(chunk, 0, length);
        String text = request.toString(StandardCharsets.ISO_8859_1);
        while (!text.contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return request.toByteArray();
            }
            request.write(b);
            text = request.toString(StandardCharsets.ISO_8859_1);
        }
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        String headers = text.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
            int total = Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at)).trim());
            request.write(in.readNBytes(Math.max(0, total - (request.size() - bodyStart))));
        }
        return request.toByteArray();
    }

    private void record(byte[] bytes, int length) {
        synchronized (sent) {
            sent.write(bytes, 0, length);
        }
    }

    private static void forward(Socket to, byte[] bytes, int length) throws IOException {
        forward(to, bytes, 0, length);
    }

    private static void forward(Socket to, byte[] bytes, int offset, int length) throws IOException {
        to.getOutputStream().write(bytes, offset, length);
        to.getOutputStream().flush();
    }

    private Socket connect() throws IOException {
        Socket upstream = new Socket();
        upstream.connect(core, 5_000);
        open.add(upstream);
        return upstream;
    }

    private static void drain(Socket socket) {
        try {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(socket);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with a TCP reset rather than an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        release.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(FaultyLink::closeQuietly);
    }
}
