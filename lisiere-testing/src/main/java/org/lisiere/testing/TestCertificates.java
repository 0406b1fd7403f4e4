package org.lisiere.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-signed certificate for {@code localhost} and 127.0.0.1 with its private key, for tests of HTTPS only
 * (resources {@code tls/}, trusted by nothing else).
 *
 * @param certificate the PEM certificate, also the one a client must trust
 * @param pkcs8Key the private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY})
 * @param pkcs1Key the same key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY})
 */
public record TestCertificates(Path certificate, Path pkcs8Key, Path pkcs1Key) {
    public TestCertificates {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(pkcs8Key, "pkcs8Key is null");
        requireNonNull(pkcs1Key, "pkcs1Key is null");
    }

    /** Writes the files into {@code directory}. */
    public static TestCertificates writeTo(Path directory) {
        return new TestCertificates(copy("server-cert.pem", directory), copy("server-key.pem", directory),
                copy("server-key-pkcs1.pem", directory));
    }

    /** An HTTP client that trusts this certificate and nothing else. */
    public java.net.http.HttpClient trustingClient() {
        try {
            java.security.KeyStore trusted = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(certificate)) {
                trusted.setCertificateEntry("test", java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return java.net.http.HttpClient.newBuilder().sslContext(context).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the test certificate", e);
        }
    }

    private static Path copy(String name, Path directory) {
        Path target = directory.resolve(name);
        try (InputStream in = TestCertificates.class.getResourceAsStream("tls/" + name)) {
            Files.copy(requireNonNull(in, "missing resource tls/" + name), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
