package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who sent a request: the token's id (never the token), its project (empty: every project, for the server's admin
 * tokens), role and, for an edge site's credential, the site.
 */
public record Principal(String tokenId, Optional<String> project, Role role, Optional<String> site) {
    public Principal {
        requireNonNull(tokenId, "tokenId is null");
        requireNonNull(project, "project is null");
        requireNonNull(role, "role is null");
        requireNonNull(site, "site is null");
    }

    /** A person's or a script's token, not a site's. */
    public Principal(String tokenId, Optional<String> project, Role role) {
        this(tokenId, project, role, Optional.empty());
    }

    /** Whether this principal's token belongs to {@code name} or to every project. */
    boolean reaches(String name) {
        return project.map(name::equals).orElse(true);
    }
}
