package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.SystemTables;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

/**
 * What running a statement on the server uses besides its session: the metrics it adds to, the time limits that
 * stop it, the audit log that admins read as the system table {@code lisiere.audit_log}, and the project's edge sites
 * ({@code lisiere.sites}).
 */
record StatementServices(Metrics metrics, Timeouts timeouts, AuditLog audit, Fleets fleets) {
    /** The most recent entries that {@code lisiere.audit_log} holds; older ones stay in the file. */
    static final int AUDIT_ROWS = 100_000;
    private static final Schema AUDIT_SCHEMA = new Schema(List.of(
            column("time", "TIMESTAMP WITH TIME ZONE", TypeFamily.TIMESTAMP),
            column("token_id", "VARCHAR", TypeFamily.STRING), column("role", "VARCHAR", TypeFamily.STRING),
            column("project", "VARCHAR", TypeFamily.STRING), column("action", "VARCHAR", TypeFamily.STRING),
            column("statement", "VARCHAR", TypeFamily.STRING), column("status", "INTEGER", TypeFamily.INTEGER),
            column("outcome", "VARCHAR", TypeFamily.STRING), column("duration_ms", "BIGINT", TypeFamily.INTEGER)));

    StatementServices {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(timeouts, "timeouts is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(fleets, "fleets is null");
    }

    /** The edge sites of {@code project} as {@code principal} may act on them. */
    ProjectFleet fleet(Principal principal, Projects.Project project) {
        return new ProjectFleet(fleets, principal, project);
    }

    /** The system tables that {@code principal} reads in {@code project}. */
    SystemTables systemTables(Principal principal, Projects.Project project) {
        return SystemTables.of(Map.of("audit_log", () -> auditLog(principal, project.name()),
                "sites", () -> fleet(principal, project).sites()));
    }

    /** The project's audit entries, oldest first, for its admins and the server's. */
    private SystemTables.Table auditLog(Principal principal, String project) {
        if (principal.role() != Role.ADMIN) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "lisiere.audit_log is for admins of project '"
                    + project + "' or of the server; this is a " + principal.role().label() + " token");
        }
        List<List<Object>> rows = audit.last(Optional.of(project), AUDIT_ROWS).stream().map(entry -> List.<Object>of(
                entry.path("time").asText(), entry.path("token_id").asText(), entry.path("role").asText(),
                entry.path("project").asText(), entry.path("action").asText(),
                entry.path("statement").isMissingNode() ? "" : entry.path("statement").asText(),
                entry.path("status").asLong(), entry.path("outcome").asText(), entry.path("duration_ms").asLong()))
                .toList();
        return new SystemTables.Table(AUDIT_SCHEMA, rows);
    }

    private static Column column(String name, String type, TypeFamily family) {
        return new Column(name, new DataType(type, family));
    }
}
