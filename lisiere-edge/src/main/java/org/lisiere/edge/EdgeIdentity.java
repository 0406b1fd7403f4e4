package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Who this site is: the core it enrolled with, its project, its name and its credential, kept in
 * {@code identity.json} of the edge's data directory, readable by its owner only (the credential is the site's
 * secret; the core keeps only its hash).
 */
record EdgeIdentity(URI core, String project, String site, String credential) {
    static final String FILE = "identity.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    EdgeIdentity {
        requireNonNull(core, "core is null");
        requireNonNull(project, "project is null");
        requireNonNull(site, "site is null");
        requireNonNull(credential, "credential is null");
    }

    /** The identity in {@code data}, if this site has enrolled. */
    static Optional<EdgeIdentity> load(Path data) {
        Path file = data.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return Optional.of(new EdgeIdentity(URI.create(node.path("core").asText()), node.path("project").asText(),
                    node.path("site").asText(), node.path("credential").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the identity atomically, then restricts the file to its owner. */
    void save(Path data) {
        Path file = data.resolve(FILE);
        AtomicFiles.write(file, JSON.createObjectNode().put("core", core.toString()).put("project", project)
                .put("site", site).put("credential", credential).toPrettyString().getBytes(StandardCharsets.UTF_8));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new LisiereException(ErrorCode.IO_ERROR, "Cannot restrict " + file + " to its owner: "
                        + e.getMessage(), e);
            }
        }
    }
}
