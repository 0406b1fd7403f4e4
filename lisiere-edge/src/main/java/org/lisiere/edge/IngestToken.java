package org.lisiere.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The token that devices present to ingest and predict at a site bound to a non-loopback address: 256 random bits
 * shown once when made, kept only as its SHA-256 in {@code ingest-token.sha256} of the data directory.
 */
final class IngestToken {
    static final String FILE = "ingest-token.sha256";
    static final String PREFIX = "lsi_";

    private final Path file;

    IngestToken(Path data) {
        this.file = data.resolve(FILE);
    }

    /** Makes a token when there is none; returns it (to show once), or empty when one exists. */
    Optional<String> createIfMissing() {
        return Files.exists(file) ? Optional.empty() : Optional.of(replace());
    }

    /** Makes a new token, which replaces the old one at once; returns it (to show once). */
    String replace() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        AtomicFiles.write(file, hash(token).getBytes(StandardCharsets.US_ASCII));
        return token;
    }

    /** Whether {@code token} is the site's ingest token. */
    boolean matches(String token) {
        try {
            return Files.exists(file) && MessageDigest.isEqual(Files.readString(file, StandardCharsets.US_ASCII)
                    .strip().getBytes(StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
