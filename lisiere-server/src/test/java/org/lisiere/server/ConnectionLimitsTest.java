package org.lisiere.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection's limits: a stalled upload times out and leaves nothing; /metrics behind a token when asked. */
class ConnectionLimitsTest {
    @TempDir
    Path data;

    @Test
    void aStalledUploadTimesOutAndLeavesNothingBehind() throws IOException {
        try (ServerFixture server = new ServerFixture(data, ServerFixture.options().withIdleTimeout(
                Duration.ofSeconds(1)), HttpClient.newHttpClient())) {
            String writer = server.project("shop", "writer");
            String head = "PUT /v1/projects/shop/tables/sales HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + writer + "\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nstore,amount\nlyon,1";

            String answer;
            try (Socket socket = new Socket("127.0.0.1", server.port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(UTF_8));
                out.flush();
                // The client stalls: 980 promised bytes never come. The server gives up after its idle timeout.
                InputStream in = socket.getInputStream();
                answer = new String(in.readAllBytes(), UTF_8);
            }

            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"code\":\"REQUEST_TIMEOUT\"",
                    "The upload stopped arriving for longer than the server waits (setting idle_timeout); nothing"
                            + " of it was kept");
            assertThat(server.query("shop", writer, "SELECT count(*) FROM duckdb_tables()").json().path("rows")
                    .toString()).isEqualTo("[[0]]");
            try (Stream<Path> uploads = Files.list(data.resolve("projects/shop/uploads"))) {
                assertThat(uploads).isEmpty();
            }
        }
    }

    @Test
    void metricsNeedATokenWhenConfigured() {
        try (ServerFixture server = new ServerFixture(data, ServerFixture.options().withMetricsNeedToken(true),
                HttpClient.newHttpClient())) {
            String reader = server.project("shop", "reader");

            assertThat(server.get("/metrics", null).status()).isEqualTo(401);
            assertThat(server.get("/metrics", reader).status()).isEqualTo(200);
            assertThat(server.get("/healthz", null).status()).isEqualTo(200);
        }
    }
}
