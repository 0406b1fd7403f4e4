package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lisiere.core.sql.EngineStatement;
import org.lisiere.core.sql.LoadDataStatement;
import org.lisiere.core.sql.ParsedStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.StatementParser;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.LoadResult;
import org.lisiere.spi.NoRows;
import org.lisiere.spi.Progress;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.TableInfo;

/**
 * A user's session: runs statements of a script one at a time, handling Lisière's own statements and passing the
 * rest to the engine. Errors carry positions in the script, not in the statement.
 */
public final class LisiereSession implements AutoCloseable {
    private final EngineSession engineSession;
    private final Path workingDirectory;

    LisiereSession(EngineSession engineSession) {
        this.engineSession = requireNonNull(engineSession, "engineSession is null");
        this.workingDirectory = Path.of("");
    }

    public StatementResult execute(ScriptStatement statement) {
        ParsedStatement parsed = StatementParser.parse(statement);
        try {
            if (parsed instanceof LoadDataStatement load) {
                return load(statement, LoadDataPlanner.plan(load, workingDirectory));
            }
            return engine(statement, (EngineStatement) parsed);
        } catch (LisiereException e) {
            if (e.position().isPresent() && parsed instanceof LoadDataStatement) {
                throw e; // positions of option errors are already in script coordinates
            }
            throw e.atScriptPosition(statement.start());
        }
    }

    private StatementResult engine(ScriptStatement statement, EngineStatement parsed) {
        QueryResult result = engineSession.execute(parsed.sql());
        String summary = result.hasRows() ? "" : result.updateCount()
                .map(n -> n == 1 ? "1 row changed" : n + " rows changed").orElse("OK");
        return new StatementResult(statement, result, summary);
    }

    private StatementResult load(ScriptStatement statement, LoadRequest request) {
        LoadResult loaded = engineSession.load(request);
        String summary = String.format("Loaded %,d %s into %s%s", loaded.rowsLoaded(),
                loaded.rowsLoaded() == 1 ? "row" : "rows", loaded.table(),
                loaded.created() ? " (table created)" : "");
        return new StatementResult(statement, new NoRows(Optional.of(loaded.rowsLoaded())), summary);
    }

    /** The engine this session runs on. */
    public org.lisiere.spi.Engine engine() {
        return engineSession.engine();
    }

    public List<TableInfo> listTables() {
        return engineSession.listTables();
    }

    /** Cancels the running statement; safe to call from another thread (the shell's Ctrl-C handler). */
    public void cancel() {
        engineSession.cancel();
    }

    public Optional<Progress> progress() {
        return engineSession.progress();
    }

    @Override
    public void close() {
        engineSession.close();
    }
}
