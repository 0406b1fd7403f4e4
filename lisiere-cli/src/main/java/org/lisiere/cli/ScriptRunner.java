package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.spi.LisiereException;

/**
 * Runs scripts non-interactively, the contract other tools rely on: results on stdout in order, separated by one
 * empty line; on the first failure, one error line on stderr, nothing more runs, and the exit code is 1.
 */
final class ScriptRunner {
    /** Runs one statement: a local session's, or a server's. */
    interface Statements {
        StatementResult execute(ScriptStatement statement);
    }

    private final Statements session;
    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;
    private int statementsRun;
    private int resultsPrinted;

    ScriptRunner(Statements session, OutputFormat format, PrintWriter out, PrintWriter err) {
        this.session = requireNonNull(session, "session is null");
        this.format = requireNonNull(format, "format is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    /** Runs every statement of every script in order; returns the exit code. */
    int run(List<Script> scripts) {
        for (Script script : scripts) {
            List<ScriptStatement> statements;
            try {
                statements = SqlSplitter.split(script.text());
            } catch (LisiereException e) {
                return fail(e, statementsRun + 1, script);
            }
            for (ScriptStatement statement : statements) {
                statementsRun++;
                try (StatementResult result = session.execute(statement)) {
                    print(result);
                } catch (LisiereException e) {
                    return fail(e, statementsRun, script);
                }
            }
        }
        out.flush();
        return 0;
    }

    private void print(StatementResult result) {
        if (!result.result().hasRows()) {
            return;
        }
        if (resultsPrinted++ > 0) {
            out.println();
        }
        format.renderer(0).render(result.result(), out);
        out.flush();
    }

    private int fail(LisiereException e, int statementNumber, Script script) {
        out.flush();
        err.println(ErrorReport.forStatement(e, statementNumber, script.source()));
        err.flush();
        return Main.EXIT_FAILURE;
    }
}
