package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.lisiere.core.SystemTables;
import org.lisiere.core.sql.FleetStatement;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The edge sites of the project a session works in: the core server provides them; sessions elsewhere have none and
 * refuse the site statements.
 */
public interface Fleet {
    /** What a site statement produced: rows ({@code CREATE SITE}, {@code SHOW SITES}) or a summary. */
    record Outcome(Optional<SystemTables.Table> rows, String summary) {
        public Outcome {
            requireNonNull(rows, "rows is null");
            requireNonNull(summary, "summary is null");
        }

        public static Outcome done(String summary) {
            return new Outcome(Optional.empty(), summary);
        }

        public static Outcome rows(SystemTables.Table rows) {
            return new Outcome(Optional.of(rows), "");
        }
    }

    /** Runs {@code statement} for the session's caller. */
    Outcome execute(FleetStatement statement);

    /** No sites: every site statement fails, saying where it runs. */
    static Fleet none() {
        return statement -> {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, statement.kind() + " runs at a core server"
                    + " (bin/lisiere serve), where edge sites enroll; this session has no sites");
        };
    }
}
