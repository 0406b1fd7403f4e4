package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.client.LisiereClient;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.Role;
import org.lisiere.server.ServerOptions;
import org.lisiere.spi.EngineConfig;
import org.lisiere.testing.TestCertificates;

/** HTTPS on both sides: a site enrolls with and reports to an HTTPS core, and serves its own API over HTTPS. */
class EdgeTlsTest {
    @TempDir
    Path root;

    @Test
    void enrollsWithAnHttpsCoreAndServesHttps() throws Exception {
        TestCertificates tls = TestCertificates.writeTo(root);
        ServerOptions.TlsFiles files = new ServerOptions.TlsFiles(tls.certificate(), tls.pkcs8Key());
        try (LisiereServer core = LisiereServer.open(root.resolve("core"), ServerOptions.defaults("duckdb",
                new EngineConfig(Optional.empty(), 1L << 30, 2, Map.of())).withTls(files))) {
            String admin = core.tokens().create(Optional.empty(), Role.ADMIN).token();
            URI coreUrl = URI.create("https://localhost:" + core.start("127.0.0.1", 0));
            LisiereClient server = LisiereClient.connect(coreUrl, admin, Optional.of(tls.certificate()));
            server.createProject("shop");
            String enrollment = (String) server.query("shop", "CREATE SITE s1", List.of()).rows().get(0).get(1);
            EdgeOptions options = EdgeOptions.defaults(root.resolve("s1"), Optional.of(coreUrl))
                    .withCoreCertificates(tls.certificate()).withTls(files).withHeartbeatEvery(Duration.ofHours(1));

            try (EdgeAgent agent = EdgeAgent.open(options, Optional.of(enrollment));
                    EdgeServer edge = new EdgeServer(agent)) {
                assertThat(agent.heartbeat()).isTrue();
                int port = edge.start("127.0.0.1", 0);
                HttpResponse<String> health = tls.trustingClient().send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(edge.secure()).isTrue();
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"core\":\"online\"");
            }
        }
    }
}
