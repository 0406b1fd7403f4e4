package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.TableInfo;

/** What the interactive shell runs statements on: the local data directory or a server's project. */
interface ShellTarget {
    /** What the shell is connected to, for its banner ({@code ./data (engine duckdb v1.4.2)}). */
    String description();

    StatementResult execute(ScriptStatement statement);

    /** Cancels the running statement, from another thread (Ctrl-C). */
    void cancel();

    /** The progress of a running CREATE MODEL ({@code training m: iteration 3 of at most 20, loss 0.41}). */
    Optional<String> trainingStatus();

    List<TableInfo> listTables();

    /** A local session. */
    static ShellTarget local(LisiereSession session, String location) {
        requireNonNull(session, "session is null");
        return new ShellTarget() {
            @Override
            public String description() {
                return location + " (engine " + session.engine().name() + " " + session.engine().version() + ")";
            }

            @Override
            public StatementResult execute(ScriptStatement statement) {
                return session.execute(statement);
            }

            @Override
            public void cancel() {
                session.cancel();
            }

            @Override
            public Optional<String> trainingStatus() {
                return session.trainingStatus();
            }

            @Override
            public List<TableInfo> listTables() {
                return session.listTables();
            }
        };
    }
}
