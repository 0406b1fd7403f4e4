package org.lisiere.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The site's secret for pseudonymised columns, {@code pseudonym.key} in its data directory: 256 random bits made
 * when first needed, readable by the owner only, never sent anywhere. A pseudonymised value is the SHA-256 of the
 * key's hex text followed by the value's text: the same value gives the same pseudonym at this site (so counts and
 * joins still work at the core), and without the key nobody can tell which value it was.
 */
final class PseudonymKey {
    static final String FILE = "pseudonym.key";

    private PseudonymKey() {}

    static String load(Path data) {
        Path file = data.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                AtomicFiles.write(file, HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
                            "rw-------"));
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
