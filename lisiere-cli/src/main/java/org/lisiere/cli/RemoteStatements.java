package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.RowsResult;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.NoRows;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

/**
 * Runs statements on a server's project ({@code lisiere sql --server}), one request per statement so that errors
 * keep their position in the script.
 */
final class RemoteStatements implements ScriptRunner.Statements {
    private final LisiereClient client;
    private final String project;

    RemoteStatements(LisiereClient client, String project) {
        this.client = requireNonNull(client, "client is null");
        this.project = requireNonNull(project, "project is null");
    }

    @Override
    public StatementResult execute(ScriptStatement statement) {
        LisiereClient.QueryAnswer answer;
        try {
            answer = client.query(project, statement.text(), List.of());
        } catch (LisiereException e) {
            throw e.position().isPresent() ? e.atScriptPosition(statement.start()) : e;
        }
        if (answer.columns().isEmpty()) {
            return new StatementResult(statement, new NoRows(Optional.empty()), answer.summary().orElse("OK"));
        }
        List<Column> columns = answer.columns().stream().map(c -> new Column(c.name(), new DataType(c.type(),
                family(c.type())))).toList();
        List<Object[]> rows = new ArrayList<>();
        answer.rows().forEach(row -> rows.add(row.toArray()));
        return new StatementResult(statement, new RowsResult(new Schema(columns), rows), "");
    }

    /** The family of a type by its SQL name, for alignment and formatting in the shell. */
    static TypeFamily family(String type) {
        String name = type.toUpperCase(Locale.ROOT);
        if (name.endsWith("[]") || name.startsWith("STRUCT") || name.startsWith("MAP") || name.startsWith("UNION")) {
            return TypeFamily.NESTED;
        }
        return switch (name.replaceAll("\\(.*", "")) {
            case "BOOLEAN" -> TypeFamily.BOOLEAN;
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                    "UBIGINT", "UHUGEINT" -> TypeFamily.INTEGER;
            case "DECIMAL" -> TypeFamily.DECIMAL;
            case "FLOAT", "DOUBLE" -> TypeFamily.FLOATING;
            case "VARCHAR" -> TypeFamily.STRING;
            case "DATE" -> TypeFamily.DATE;
            case "TIME" -> TypeFamily.TIME;
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> TypeFamily.TIMESTAMP;
            case "INTERVAL" -> TypeFamily.INTERVAL;
            case "BLOB" -> TypeFamily.BINARY;
            default -> TypeFamily.OTHER;
        };
    }
}
