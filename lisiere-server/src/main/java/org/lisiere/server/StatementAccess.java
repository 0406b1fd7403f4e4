package org.lisiere.server;

import java.util.Locale;
import java.util.Set;
import org.lisiere.core.sql.DescribeModelStatement;
import org.lisiere.core.sql.ParsedStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.ShowModelsStatement;
import org.lisiere.core.sql.StatementParser;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Which statements only read: readers may run those, and only writes take the project's write lock. Unknown
 * statement kinds count as writes.
 */
final class StatementAccess {
    private static final Set<String> READS = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE", "DESCRIBE", "SHOW",
            "SUMMARIZE", "EXPLAIN", "PIVOT", "UNPIVOT");
    /** Words that make a WITH or EXPLAIN statement change something. */
    private static final Set<String> CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP",
            "ALTER", "COPY", "TRUNCATE", "ANALYZE", "CALL");

    private StatementAccess() {}

    static boolean isRead(ScriptStatement statement) {
        ParsedStatement parsed = StatementParser.parse(statement);
        if (parsed instanceof DescribeModelStatement || parsed instanceof ShowModelsStatement
                || parsed instanceof org.lisiere.core.sql.FleetStatement.ShowSites) {
            return true;
        }
        if (!(parsed instanceof org.lisiere.core.sql.EngineStatement)) {
            return false;
        }
        String first = "";
        for (Token token : statement.tokens()) {
            if (token.type() == TokenType.WORD) {
                first = token.text().toUpperCase(Locale.ROOT);
                break;
            }
            if (!token.isSymbol("(")) {
                return false;
            }
        }
        if (!READS.contains(first)) {
            return false;
        }
        return statement.tokens().stream().noneMatch(t -> t.type() == TokenType.WORD
                && CHANGES.contains(t.text().toUpperCase(Locale.ROOT)));
    }

    /** Refuses a statement that {@code principal} may not run. */
    static void check(Principal principal, ScriptStatement statement) {
        if (!principal.role().writes() && !isRead(statement)) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "A " + principal.role().label() + " token may"
                    + " only run queries and the ML functions; this statement changes data or models (it needs a"
                    + " writer token)", statement.start());
        }
    }
}
