package org.lisiere.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.ServerOptions;
import org.lisiere.server.Role;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;
import org.lisiere.testing.TestCertificates;

/** The Java client against a real server. */
class LisiereClientTest {
    @TempDir
    Path data;

    private LisiereServer server;
    private LisiereClient admin;
    private URI base;

    @BeforeEach
    void start() {
        server = LisiereServer.open(data, ServerOptions.defaults("duckdb", new EngineConfig(Optional.empty(),
                1L << 30, 2, Map.of())));
        String token = server.tokens().create(Optional.empty(), Role.ADMIN).token();
        base = URI.create("http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/");
        admin = LisiereClient.connect(base, token);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runsQueriesWithParametersAndUploads() throws Exception {
        admin.createProject("shop");
        LisiereClient writer = LisiereClient.connect(base, admin.createToken("shop", "writer").token());
        Path csv = Files.writeString(data.resolve("sales.csv"), "store,amount\nlyon,12.5\nparis,3\n");

        assertThat(writer.putTable("shop", "sales", csv, "csv")).isEqualTo(2);
        LisiereClient.QueryAnswer answer = writer.query("shop", "SELECT store, amount, amount > ? AS big FROM sales"
                + " ORDER BY store", List.of(5));

        assertThat(answer.columns()).containsExactly(new LisiereClient.ResultColumn("store", "VARCHAR"),
                new LisiereClient.ResultColumn("amount", "DOUBLE"), new LisiereClient.ResultColumn("big", "BOOLEAN"));
        assertThat(answer.rows()).containsExactly(List.of("lyon", 12.5, true), List.of("paris", 3.0, false));
        assertThat(writer.query("shop", "DELETE FROM sales WHERE store = ?", List.of("lyon")).summary())
                .contains("1 row changed");
    }

    @Test
    void raisesTheServersErrorWithItsCodeAndPosition() {
        admin.createProject("shop");
        LisiereClient.CreatedToken reader = admin.createToken("shop", "reader");
        LisiereClient client = LisiereClient.connect(base, reader.token());

        assertThatThrownBy(() -> client.query("shop", "SELECT 1;\nSELECT * FROM missing", List.of()))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OBJECT);
                    assertThat(e.position()).contains(new SourcePosition(2, 15));
                });
        admin.revokeToken(reader.id());
        assertThatThrownBy(() -> client.query("shop", "SELECT 1", List.of()))
                .isInstanceOfSatisfying(LisiereException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.UNAUTHENTICATED));
        assertThatThrownBy(() -> LisiereClient.connect(URI.create("http://127.0.0.1:1"), "x").query("shop",
                "SELECT 1", List.of())).hasMessageStartingWith("Cannot reach the Lisière server at http://127.0.0.1:1")
                .isInstanceOfSatisfying(LisiereException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.IO_ERROR));
    }

    @Test
    void talksHttpsTrustingAPemCertificate(@TempDir Path directory) {
        TestCertificates tls = TestCertificates.writeTo(directory);
        try (LisiereServer secure = LisiereServer.open(directory.resolve("data"), ServerOptions.defaults("duckdb",
                new EngineConfig(Optional.empty(), 1L << 30, 2, Map.of())).withTls(new ServerOptions.TlsFiles(
                tls.certificate(), tls.pkcs8Key())))) {
            String token = secure.tokens().create(Optional.empty(), Role.ADMIN).token();
            URI https = URI.create("https://localhost:" + secure.start("127.0.0.1", 0));
            LisiereClient trusting = LisiereClient.connect(https, token, Optional.of(tls.certificate()));

            trusting.createProject("shop");
            assertThat(trusting.query("shop", "SELECT 1 AS one", List.of()).rows()).containsExactly(List.of(1));
            assertThatThrownBy(() -> LisiereClient.connect(https, token).createProject("other"))
                    .isInstanceOfSatisfying(LisiereException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.IO_ERROR));
        }
    }

    @Test
    void runsAndCancelsJobs() {
        admin.createProject("shop");
        LisiereClient writer = LisiereClient.connect(base, admin.createToken("shop", "writer").token());

        String quick = writer.startJob("shop", "SELECT 41 + 1 AS answer");
        String slow = writer.startJob("shop", "SELECT count(*) FROM range(1000000000000)");
        writer.cancelJob("shop", slow);

        LisiereClient.JobStatus done = awaitEnd(writer, quick);
        LisiereClient.JobStatus cancelled = awaitEnd(writer, slow);
        assertThat(done.state()).isEqualTo("succeeded");
        assertThat(done.answer().orElseThrow().rows()).containsExactly(List.of(42));
        assertThat(cancelled.state()).isEqualTo("cancelled");
        assertThat(cancelled.error().orElseThrow().code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(writer.tables("shop")).isEmpty();
    }

    /** Polls until the job ends (bounded: a job that never ends fails the test). */
    private static LisiereClient.JobStatus awaitEnd(LisiereClient client, String id) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        LisiereClient.JobStatus job = client.job("shop", id);
        while (job.running()) {
            assertThat(java.time.Instant.now()).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            job = client.job("shop", id);
        }
        return job;
    }

    @Test
    void anErrorPageOfTheHttpLayerIsAFailureToReachTheServer() throws Exception {
        com.sun.net.httpserver.HttpServer stopping = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        stopping.createContext("/", exchange -> {
            byte[] page = ("<html><head><title>Error 500 org.eclipse.jetty.io.EofException</title></head><body><h2>"
                    + "HTTP ERROR 500 org.eclipse.jetty.io.EofException</h2></body></html>")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=ISO-8859-1");
            exchange.sendResponseHeaders(500, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        stopping.start();
        try {
            LisiereClient client = LisiereClient.connect(URI.create("http://127.0.0.1:"
                    + stopping.getAddress().getPort() + "/"), "lsa_token");

            assertThatThrownBy(() -> client.query("shop", "SELECT 1", List.of()))
                    .isInstanceOfSatisfying(LisiereException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.IO_ERROR))
                    .hasMessage("HTTP 500 without a problem document (the HTTP layer's error page, not the server's"
                            + " answer): Error 500 org.eclipse.jetty.io.EofException HTTP ERROR 500"
                            + " org.eclipse.jetty.io.EofException");
        } finally {
            stopping.stop(0);
        }
    }
}
