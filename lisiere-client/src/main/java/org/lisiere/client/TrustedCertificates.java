package org.lisiere.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** TLS that trusts the certificates of a PEM file (a private CA, or a server's self-signed certificate). */
final class TrustedCertificates {
    private TrustedCertificates() {}

    static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Cannot use tls_ca '" + pem + "': it holds"
                        + " no certificate");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("trusted-" + index++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Cannot use tls_ca '" + pem + "': expected PEM"
                    + " certificates (BEGIN CERTIFICATE): " + e.getMessage(), e);
        }
    }
}
