package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.client.LisiereClient;
import org.lisiere.client.TypeNames;
import org.lisiere.core.RowsResult;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.NoRows;
import org.lisiere.spi.Schema;

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
        try {
            return result(statement, client.query(project, statement.text(), List.of()));
        } catch (LisiereException e) {
            throw inScript(e, statement);
        }
    }

    /** A server's error with its position moved from the statement into the script. */
    static LisiereException inScript(LisiereException e, ScriptStatement statement) {
        return e.position().isPresent() ? e.atScriptPosition(statement.start()) : e;
    }

    /** The server's answer to {@code statement} as a local result. */
    static StatementResult result(ScriptStatement statement, LisiereClient.QueryAnswer answer) {
        if (answer.columns().isEmpty()) {
            return new StatementResult(statement, new NoRows(Optional.empty()), answer.summary().orElse("OK"));
        }
        List<Column> columns = answer.columns().stream().map(c -> new Column(c.name(), new DataType(c.type(),
                TypeNames.family(c.type())))).toList();
        List<Object[]> rows = new ArrayList<>();
        answer.rows().forEach(row -> rows.add(row.toArray()));
        return new StatementResult(statement, new RowsResult(new Schema(columns), rows), "");
    }
}
