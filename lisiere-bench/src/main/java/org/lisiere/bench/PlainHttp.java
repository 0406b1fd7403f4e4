package org.lisiere.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one kept-alive loopback connection, for measuring a server's latency rather than a
 * client's: each request leaves in a single write with {@code TCP_NODELAY}. The JDK's {@code HttpClient} hands every
 * exchange to its own threads, and {@code HttpURLConnection} writes headers and body separately without
 * {@code TCP_NODELAY}, so that Nagle's algorithm holds the body until the server acknowledges the headers (about 5 ms
 * a request on this machine). Answers are read with a {@code Content-Length} or chunked. Not thread-safe.
 */
final class PlainHttp implements AutoCloseable {
    private final URI base;
    private final Socket socket;
    private final OutputStream to;
    private final InputStream from;

    PlainHttp(URI base) throws IOException {
        this.base = base;
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        this.to = socket.getOutputStream();
        this.from = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** An answer: its status and its body, which must be read to its end before the next request. */
    record Answer(int status, InputStream body) {}

    /** POSTs {@code body} to {@code path} with {@code headers}. */
    Answer post(String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(base.getHost()).append(':').append(base.getPort()).append("\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        to.write(request);
        to.flush();
        return readAnswer();
    }

    private Answer readAnswer() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("Not an HTTP/1.1 answer: " + status);
        }
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        int code = Integer.parseInt(status.substring(9, 12));
        return new Answer(code, chunked ? new Chunked() : new Fixed(Math.max(length, 0)));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = from.read(); b != '\n'; b = from.read()) {
            if (b < 0) {
                throw new IOException("The server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An answer's body; closing it reads the rest, so that the connection can carry the next answer. */
    private abstract class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            byte[] rest = new byte[8192];
            while (read(rest, 0, rest.length) >= 0) {
                // discarded
            }
        }

        /** Reads at most {@code most} bytes of the connection; the answer must not end there. */
        int fromConnection(byte[] buffer, int offset, long most) throws IOException {
            int n = from.read(buffer, offset, (int) most);
            if (n < 0) {
                throw new IOException("The server closed the connection inside an answer");
            }
            return n;
        }
    }

    /** A body of known length. */
    private final class Fixed extends Body {
        private long left;

        Fixed(long length) {
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = fromConnection(buffer, offset, Math.min(length, left));
            left -= n;
            return n;
        }
    }

    /** A chunked body. */
    private final class Chunked extends Body {
        private long left;
        private boolean done;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                if (left == 0) {
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        // trailers are not used
                    }
                    done = true;
                    return -1;
                }
            }
            int n = fromConnection(buffer, offset, Math.min(length, left));
            left -= n;
            if (left == 0) {
                line(); // the CRLF after the chunk
            }
            return n;
        }
    }
}
