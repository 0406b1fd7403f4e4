package org.lisiere.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * A key store made of PEM files, as web servers take them: a certificate chain and an unencrypted private key in
 * PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 */
final class PemKeyStore {
    static final String ALIAS = "lisiere";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER-encoded. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeyStore() {}

    /** A key store holding {@code files}' key and chain under {@link #ALIAS}, protected by {@code password}. */
    static KeyStore load(ServerOptions.TlsFiles files, char[] password) {
        List<Certificate> chain = certificates(files.certificate());
        PrivateKey key = privateKey(files.privateKey());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw invalid("tls_key", files.privateKey(), "it does not match the certificate chain ("
                    + e.getMessage() + ")");
        }
    }

    /** Every certificate of a PEM file, in order. */
    static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(in));
            if (certificates.isEmpty()) {
                throw invalid("tls_cert", file, "it holds no certificate");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw invalid("tls_cert", file, "expected PEM certificates (BEGIN CERTIFICATE): " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw invalid("tls_key", file, e.toString());
        }
        Matcher block = BLOCK.matcher(text);
        boolean found = block.find();
        while (found && !block.group(1).endsWith("PRIVATE KEY")) {
            found = block.find();
        }
        if (!found) {
            throw invalid("tls_key", file, "expected a PEM private key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        return switch (block.group(1)) {
            case "PRIVATE KEY" -> pkcs8(file, der);
            case "RSA PRIVATE KEY" -> pkcs8(file, rsaPkcs8(der));
            default -> throw invalid("tls_key", file, "a '" + block.group(1) + "' block is not supported; allowed:"
                    + " an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) or PKCS#1 RSA key (BEGIN RSA PRIVATE KEY);"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        };
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw invalid("tls_key", file, "not an RSA, EC or Ed25519 private key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as octets. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(der(0x04, pkcs1));
        return der(0x30, content.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static LisiereException invalid(String setting, Path file, String why) {
        return new LisiereException(ErrorCode.INVALID_ARGUMENT, "Cannot use " + setting + " '" + file + "': " + why);
    }
}
