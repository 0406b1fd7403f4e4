package org.lisiere.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** What a token may do in its project. */
public enum Role {
    /** Runs queries and the ML functions. */
    READER,
    /** Also changes data and models. */
    WRITER,
    /** Also manages the project's tokens; an admin token of no project manages every project. */
    ADMIN,
    /** An edge site: reads its deployments and writes its sync data. */
    SITE;

    /** The role named {@code name} ({@code reader}, ...), or INVALID_ARGUMENT listing the roles. */
    public static Role parse(String name) {
        return Arrays.stream(values()).filter(r -> r.label().equals(name)).findFirst()
                .orElseThrow(() -> new LisiereException(ErrorCode.INVALID_ARGUMENT, "Unknown role '" + name
                        + "'; allowed: " + Arrays.stream(values()).map(Role::label)
                        .collect(Collectors.joining(", "))));
    }

    /** The role's name in the API and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the role may run statements that change data or models. */
    boolean writes() {
        return this == WRITER || this == ADMIN;
    }

    /** Whether the role may run queries. */
    boolean queries() {
        return this != SITE;
    }
}
