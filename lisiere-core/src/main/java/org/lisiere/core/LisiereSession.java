package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.lisiere.core.fleet.Fleet;
import org.lisiere.core.ml.MlFunctions;
import org.lisiere.core.ml.ModelRegistry;
import org.lisiere.core.ml.ModelStatements;
import org.lisiere.core.sql.AlterModelStatement;
import org.lisiere.core.sql.CreateModelStatement;
import org.lisiere.core.sql.DescribeModelStatement;
import org.lisiere.core.sql.DropModelStatement;
import org.lisiere.core.sql.EngineStatement;
import org.lisiere.core.sql.ExportModelStatement;
import org.lisiere.core.sql.FleetStatement;
import org.lisiere.core.sql.LoadDataStatement;
import org.lisiere.core.sql.ParsedStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.ShowModelsStatement;
import org.lisiere.core.sql.StatementParser;
import org.lisiere.core.sql.SystemTableSql;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.LoadResult;
import org.lisiere.spi.NoRows;
import org.lisiere.spi.Progress;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TableInfo;
import org.lisiere.spi.TypeFamily;

/**
 * A user's session: runs statements of a script one at a time, handling Lisière's own statements and passing the
 * rest to the engine. Errors carry positions in the script, not in the statement.
 */
public final class LisiereSession implements AutoCloseable {
    private static final Schema SHOW_MODELS = new Schema(List.of(
            new Column("name", new DataType("VARCHAR", TypeFamily.STRING)),
            new Column("model_type", new DataType("VARCHAR", TypeFamily.STRING)),
            new Column("active_version", new DataType("BIGINT", TypeFamily.INTEGER)),
            new Column("versions", new DataType("BIGINT", TypeFamily.INTEGER)),
            new Column("created_at", new DataType("VARCHAR", TypeFamily.STRING))));

    private static final Schema DESCRIBE_MODEL = new Schema(List.of(
            new Column("section", new DataType("VARCHAR", TypeFamily.STRING)),
            new Column("name", new DataType("VARCHAR", TypeFamily.STRING)),
            new Column("value", new DataType("VARCHAR", TypeFamily.STRING))));

    private final EngineSession engineSession;
    private final ModelStatements models;
    private final FileAccess files;
    private final boolean sandboxed;
    private SystemTables systemTables = SystemTables.none();
    private Fleet fleet = Fleet.none();

    /**
     * @param files where the files that statements name are
     * @param sandboxed whether statements come from the network: engine statements that change settings, load
     *     extensions, reach other databases or touch files are refused ({@link SandboxPolicy})
     */
    LisiereSession(EngineSession engineSession, ModelRegistry registry, FileAccess files, boolean sandboxed) {
        this.engineSession = requireNonNull(engineSession, "engineSession is null");
        this.files = requireNonNull(files, "files is null");
        this.models = new ModelStatements(engineSession, registry, files);
        this.sandboxed = sandboxed;
    }

    /**
     * Refuses {@code statement} with PERMISSION_DENIED if this session may not run it (statements from the network:
     * {@link SandboxPolicy}), without running it: a caller checks every statement of a script before running any.
     */
    public void checkAllowed(ScriptStatement statement) {
        if (sandboxed) {
            checkAllowed(statement, StatementParser.parse(statement));
        }
    }

    private void checkAllowed(ScriptStatement statement, ParsedStatement parsed) {
        if (sandboxed && parsed instanceof EngineStatement) {
            SandboxPolicy.check(statement);
        }
    }

    public StatementResult execute(ScriptStatement statement) {
        return execute(statement, List.of());
    }

    /** The tables that statements of this session read as {@code lisiere.<name>} (none unless set). */
    public void setSystemTables(SystemTables tables) {
        this.systemTables = requireNonNull(tables, "tables is null");
    }

    /** The edge sites that the site statements ({@code CREATE SITE}, {@code DEPLOY MODEL}, ...) act on. */
    public void setFleet(Fleet fleet) {
        this.fleet = requireNonNull(fleet, "fleet is null");
    }

    /**
     * Runs {@code statement} with values bound to its parameters ({@link EngineSession#execute(String, List)}):
     * only engine statements (queries, DML, DDL) take parameters.
     */
    public StatementResult execute(ScriptStatement statement, List<Object> parameters) {
        ParsedStatement parsed = StatementParser.parse(statement);
        checkAllowed(statement, parsed);
        if (!parameters.isEmpty() && !(parsed instanceof EngineStatement)) {
            throw new LisiereException(org.lisiere.spi.ErrorCode.INVALID_ARGUMENT, "Parameters are only for"
                    + " queries and other engine statements, not for Lisière's own statements (CREATE MODEL, LOAD"
                    + " DATA and the other MODEL statements)", statement.start());
        }
        try {
            if (parsed instanceof LoadDataStatement load) {
                return load(statement, LoadDataPlanner.plan(load, files));
            }
            if (parsed instanceof CreateModelStatement create) {
                return done(statement, models.create(create, statement.text()));
            }
            if (parsed instanceof DropModelStatement drop) {
                return done(statement, models.drop(drop));
            }
            if (parsed instanceof ExportModelStatement export) {
                return done(statement, models.export(export));
            }
            if (parsed instanceof AlterModelStatement alter) {
                return done(statement, models.alter(alter));
            }
            if (parsed instanceof DescribeModelStatement describe) {
                return new StatementResult(statement, new RowsResult(DESCRIBE_MODEL, models.describe(describe.name())),
                        "");
            }
            if (parsed instanceof FleetStatement site) {
                return fleet(statement, fleet.execute(site));
            }
            if (parsed instanceof ShowModelsStatement) {
                return new StatementResult(statement, new RowsResult(SHOW_MODELS, models.show()), "");
            }
            return engine(statement, (EngineStatement) parsed, parameters);
        } catch (LisiereException e) {
            if (e.position().isPresent() && !(parsed instanceof EngineStatement)) {
                throw e; // positions of Lisière's own statements are already in script coordinates
            }
            throw e.atScriptPosition(statement.start());
        }
    }

    private static StatementResult done(ScriptStatement statement, String summary) {
        return new StatementResult(statement, new NoRows(Optional.empty()), summary);
    }

    private static StatementResult fleet(ScriptStatement statement, Fleet.Outcome outcome) {
        if (outcome.rows().isEmpty()) {
            return done(statement, outcome.summary());
        }
        SystemTables.Table table = outcome.rows().get();
        List<Object[]> rows = table.rows().stream().map(List::toArray).toList();
        return new StatementResult(statement, new RowsResult(table.schema(), rows), outcome.summary());
    }

    /**
     * The SQL that the engine runs for query {@code sql}: ML function calls compiled for the active model versions
     * (whose functions are registered in the engine now), system tables replaced. A caller that runs the same query
     * many times compiles it once; the result holds for as long as those model versions stay active.
     */
    public String compile(String sql) {
        String compiled = MlFunctions.mentions(sql) ? models.functions().rewrite(sql) : sql;
        return SystemTableSql.mentions(compiled) ? SystemTableSql.rewrite(compiled, systemTables) : compiled;
    }

    private StatementResult engine(ScriptStatement statement, EngineStatement parsed, List<Object> parameters) {
        QueryResult result = engineSession.execute(compile(parsed.sql()), parameters);
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
        models.monitor().cancel();
        engineSession.cancel();
    }

    /** What a running CREATE MODEL is doing ({@code training churn: iteration 3 of at most 20, loss 0.41}). */
    public Optional<String> trainingStatus() {
        return models.monitor().status();
    }

    public Optional<Progress> progress() {
        return engineSession.progress();
    }

    @Override
    public void close() {
        engineSession.close();
    }
}
