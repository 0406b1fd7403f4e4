package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The server's tokens, in {@code server/tokens.json} of the data directory. A token is 256 random bits shown once
 * when created; the file keeps only its SHA-256, so neither the file nor a backup of it lets anyone in. Writes replace
 * the file atomically.
 */
public final class TokenStore {
    /** Every token starts with this, so that leaked tokens are easy to find in logs and code. */
    static final String PREFIX = "lsr_";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One token as stored: {@code project} is empty for the server's own admin tokens, {@code site} names the edge site
     * of a site credential (empty otherwise; absent in files written before sites existed).
     */
    record Entry(String id, String project, String role, String sha256, String created, String site) {
        Entry {
            site = site == null ? "" : site;
        }
    }

    /** A token just created: its secret (to show once) and its id (to revoke it). */
    public record Created(String id, String token) {}

    private final Path file;
    private final RandomGenerator random;
    private final InstantSource clock;
    private final Map<String, Entry> byHash = new LinkedHashMap<>();

    private TokenStore(Path file, RandomGenerator random, InstantSource clock) {
        this.file = file;
        this.random = random;
        this.clock = clock;
    }

    /** The tokens of the data directory {@code data}, with a cryptographically strong {@code random}. */
    public static TokenStore open(Path data, RandomGenerator random, InstantSource clock) {
        TokenStore store = new TokenStore(requireNonNull(data, "data is null").resolve("server").resolve("tokens.json"),
                requireNonNull(random, "random is null"), requireNonNull(clock, "clock is null"));
        if (Files.exists(store.file)) {
            try {
                for (Entry entry : JSON.readValue(store.file.toFile(), new TypeReference<List<Entry>>() {})) {
                    store.byHash.put(entry.sha256(), entry);
                }
            } catch (IOException e) {
                throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + store.file + ": " + e.getMessage(), e);
            }
        }
        return store;
    }

    /** Creates a token of {@code role} for {@code project} (empty: every project; admins only). */
    public synchronized Created create(Optional<String> project, Role role) {
        if (role == Role.SITE) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Site credentials are issued when a site enrolls:"
                    + " create the site with CREATE SITE and start bin/lisiere edge with its enrollment token");
        }
        return create(project, role, "");
    }

    /** Creates the credential of edge site {@code site} of {@code project}, when the site enrolls. */
    synchronized Created createSiteCredential(String project, String site) {
        return create(Optional.of(project), Role.SITE, site);
    }

    private Created create(Optional<String> project, Role role, String site) {
        if (project.isEmpty() && role != Role.ADMIN) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "A token of role " + role.label() + " needs a"
                    + " project; only admin tokens may reach every project");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] id = new byte[6];
        random.nextBytes(id);
        Entry entry = new Entry("t_" + HexFormat.of().formatHex(id), project.orElse(""), role.label(), hash(token),
                clock.instant().toString(), site);
        byHash.put(entry.sha256(), entry);
        save();
        return new Created(entry.id(), token);
    }

    /** Who holds {@code token}, if it is a token of this server that was not revoked. */
    public synchronized Optional<Principal> verify(String token) {
        return Optional.ofNullable(byHash.get(hash(token))).map(e -> new Principal(e.id(),
                e.project().isEmpty() ? Optional.empty() : Optional.of(e.project()), Role.parse(e.role()),
                e.site().isEmpty() ? Optional.empty() : Optional.of(e.site())));
    }

    /** The project of token {@code id} (empty: every project), if it exists. */
    synchronized Optional<Optional<String>> projectOf(String id) {
        return byHash.values().stream().filter(e -> e.id().equals(id)).findFirst()
                .map(e -> e.project().isEmpty() ? Optional.empty() : Optional.of(e.project()));
    }

    /** Revokes token {@code id} if it still exists (a dropped site's credential). */
    synchronized void revokeIfPresent(String id) {
        if (byHash.values().removeIf(e -> e.id().equals(id))) {
            save();
        }
    }

    /** Revokes token {@code id}: from now on it is refused. */
    public synchronized void revoke(String id) {
        if (!byHash.values().removeIf(e -> e.id().equals(id))) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No token with id '" + id + "'");
        }
        save();
    }

    private void save() {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(new ArrayList<>(byHash.values())));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
