package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.LisiereException;
import org.lisiere.testing.TestCertificates;

/** {@code lisiere serve --tls-cert PEM --tls-key PEM}: HTTPS only, with the test certificate of lisiere-testing. */
class TlsTest {
    @TempDir
    Path data;

    private TestCertificates tls;

    @BeforeEach
    void writeCertificates(@TempDir Path directory) {
        tls = TestCertificates.writeTo(directory);
    }

    @Test
    void servesHttpsWithAPkcs8Key() throws Exception {
        try (ServerFixture server = new ServerFixture(data, ServerFixture.options().withTls(
                new ServerOptions.TlsFiles(tls.certificate(), tls.pkcs8Key())), trusting())) {
            String writer = server.project("shop", "writer");

            assertThat(server.get("/healthz", null).status()).isEqualTo(200);
            assertThat(server.query("shop", writer, "SELECT 42 AS answer").json().path("rows").toString())
                    .isEqualTo("[[42]]");
        }
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        try (ServerFixture server = new ServerFixture(data, ServerFixture.options().withTls(
                new ServerOptions.TlsFiles(tls.certificate(), tls.pkcs1Key())),
                trusting())) {
            assertThat(server.get("/healthz", null).status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() throws Exception {
        try (ServerFixture server = new ServerFixture(data, ServerFixture.options().withTls(
                new ServerOptions.TlsFiles(tls.certificate(), tls.pkcs8Key())), trusting())) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port + "/healthz"))
                    .build();

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void rejectsAKeyFileWithoutAPrivateKey() throws Exception {
        Path certificate = tls.certificate();

        assertThatThrownBy(() -> LisiereServer.open(data, ServerFixture.options().withTls(
                new ServerOptions.TlsFiles(certificate, certificate))))
                .isInstanceOf(LisiereException.class)
                .hasMessage("Cannot use tls_key '" + certificate + "': expected a PEM private key (BEGIN PRIVATE KEY)");
        Path encrypted = Files.writeString(data.resolve("encrypted.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "AAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> LisiereServer.open(data, ServerFixture.options().withTls(
                new ServerOptions.TlsFiles(certificate, encrypted))))
                .hasMessage("Cannot use tls_key '" + encrypted + "': a 'ENCRYPTED PRIVATE KEY' block is not"
                        + " supported; allowed: an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) or PKCS#1 RSA key"
                        + " (BEGIN RSA PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }

    /** An HTTP client that trusts the test certificate only. */
    private HttpClient trusting() {
        return tls.trustingClient();
    }
}
