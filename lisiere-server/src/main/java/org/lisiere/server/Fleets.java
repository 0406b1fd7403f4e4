package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.lisiere.core.fleet.SiteState;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The edge sites of every project: enrollment, the sites' heartbeats and what each site may download. The sites of
 * one project live in its {@link FleetStore}; what sites last reported is kept in memory ({@link SiteStatus}).
 */
final class Fleets {
    /** How long an enrollment token of CREATE SITE stays valid. */
    static final Duration ENROLLMENT_VALIDITY = Duration.ofHours(24);
    /** Enrollment tokens start with this, credentials with {@link TokenStore#PREFIX}. */
    static final String ENROLLMENT_PREFIX = "lse_";

    /** A site just enrolled: its project, name and long-lived credential (shown once). */
    record Enrolled(String project, String site, String credential) {}

    private final Projects projects;
    private final TokenStore tokens;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, FleetStore> stores = new ConcurrentHashMap<>();
    private final Map<String, SiteStatus> statuses = new ConcurrentHashMap<>();

    Fleets(Projects projects, TokenStore tokens, InstantSource clock, RandomGenerator random) {
        this.projects = requireNonNull(projects, "projects is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** The sites of {@code project}. */
    FleetStore store(String project) {
        return stores.computeIfAbsent(project, p -> FleetStore.open(projects.directory(p), p));
    }

    InstantSource clock() {
        return clock;
    }

    /** A new enrollment token: 256 random bits. */
    String newEnrollmentToken() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return ENROLLMENT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Exchanges an enrollment token for the site's credential; the token works once and only before it expires.
     * UNAUTHENTICATED otherwise, without saying which.
     */
    synchronized Enrolled enroll(String enrollmentToken) {
        String sha256 = TokenStore.hash(enrollmentToken);
        Instant now = clock.instant();
        for (String project : projects.names()) {
            FleetStore store = store(project);
            Optional<FleetStore.Site> found = store.siteEnrolling(sha256)
                    .filter(s -> s.enrollmentExpires().filter(now::isBefore).isPresent());
            if (found.isPresent()) {
                FleetStore.Site site = found.get();
                TokenStore.Created credential = tokens.createSiteCredential(project, site.name());
                store.putSite(new FleetStore.Site(site.name(), site.labels(), site.created(), Optional.empty(),
                        Optional.empty(), Optional.of(credential.id()), Optional.of(now)));
                statuses.put(key(project, site.name()), SiteStatus.seen(now));
                return new Enrolled(project, site.name(), credential.token());
            }
        }
        throw new LisiereException(ErrorCode.UNAUTHENTICATED, "The enrollment token is unknown, was already used or"
                + " expired; create a new one with CREATE SITE (after DROP SITE)");
    }

    /** Records a site's heartbeat and answers with what it should have. */
    SiteState heartbeat(Principal site, JsonNode report) {
        String project = site.project().orElseThrow();
        String name = site.site().orElseThrow();
        FleetStore store = store(project);
        if (store.site(name).isEmpty()) {
            throw new LisiereException(ErrorCode.UNAUTHENTICATED, "Site '" + name + "' was dropped");
        }
        statuses.put(key(project, name), SiteStatus.from(report, clock.instant()));
        return store.state(name);
    }

    /** What site {@code name} of {@code project} last reported, if it ever did since the core started. */
    Optional<SiteStatus> status(String project, String name) {
        return Optional.ofNullable(statuses.get(key(project, name)));
    }

    void forget(String project, String name) {
        statuses.remove(key(project, name));
    }

    TokenStore tokens() {
        return tokens;
    }

    private static String key(String project, String site) {
        return project + "/" + site;
    }
}
