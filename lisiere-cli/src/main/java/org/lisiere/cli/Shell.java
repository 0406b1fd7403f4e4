package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.core.StatementResult;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.Settings;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.SqlSplitter;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The interactive shell: multi-line statements ending in {@code ;}, history, boxed results with row count and
 * timing, dot-commands, Ctrl-C cancels the running statement (or clears the line), Ctrl-D exits.
 */
final class Shell {
    static final String PROMPT = "lisiere> ";
    static final String CONTINUATION = "      -> ";
    /** Rows the shell shows of a result in table mode: the first and last halves. */
    static final int MAX_TABLE_ROWS = 40;

    private static final long STATUS_TICK_MILLIS = 100;
    private static final double STATUS_DELAY_SECONDS = 1;

    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors
            .newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lisiere-statement");
                thread.setDaemon(true);
                return thread;
            });
    private final ShellTarget session;
    private final Config config;
    private final ShellState state;

    Shell(ShellTarget session, Config config, OutputFormat format) {
        this.session = requireNonNull(session, "session is null");
        this.config = requireNonNull(config, "config is null");
        this.state = new ShellState(format, config.get(Settings.TIMER));
    }

    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return run(terminal);
        }
    }

    int run(Terminal terminal) throws IOException {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("lisiere")
                .parser(new SqlLineParser())
                .variable(LineReader.HISTORY_FILE, config.get(Settings.HISTORY_FILE))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .build();
        PrintWriter out = terminal.writer();
        out.println("Lisière SQL shell on " + session.description() + ". "
                + "Statements end with ';'. Type .help for help, Ctrl-D to exit.");
        DotCommands dots = new DotCommands(session, state, out);
        while (!state.exitRequested()) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line
            } catch (EndOfFileException e) {
                break;
            }
            String trimmed = input.strip();
            if (trimmed.startsWith(".")) {
                dots.run(trimmed);
            } else if (!trimmed.isEmpty()) {
                runStatements(input, terminal, out);
            }
            out.flush();
        }
        reader.getHistory().save();
        return 0;
    }

    private void runStatements(String input, Terminal terminal, PrintWriter out) {
        List<ScriptStatement> statements;
        try {
            statements = SqlSplitter.split(input);
        } catch (LisiereException e) {
            out.println(ErrorReport.forStatement(e, 1, "input"));
            return;
        }
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> session.cancel());
        try {
            for (ScriptStatement statement : statements) {
                if (!runOne(statement, out, !Terminal.TYPE_DUMB.equals(terminal.getType()))) {
                    return;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    private boolean runOne(ScriptStatement statement, PrintWriter out, boolean statusLine) {
        long started = System.nanoTime();
        try (StatementResult result = executeShowingStatus(statement, out, statusLine)) {
            String footer;
            if (result.result().hasRows()) {
                long rows = state.format().renderer(MAX_TABLE_ROWS).render(result.result(), out);
                footer = rows == 1 ? "1 row" : String.format(Locale.ROOT, "%,d rows", rows);
            } else {
                footer = result.summary();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.println(state.timer() ? String.format(Locale.ROOT, "%s (%.3f s)", footer, seconds) : footer);
            return true;
        } catch (LisiereException e) {
            out.println(ErrorReport.forStatement(e, statement.number(), "input"));
            return false;
        }
    }

    /**
     * Runs the statement on a worker thread; while a CREATE MODEL trains for more than a second, one status line
     * (iteration and loss) is redrawn in place, and erased when it ends.
     */
    private StatementResult executeShowingStatus(ScriptStatement statement, PrintWriter out, boolean statusLine) {
        CompletableFuture<StatementResult> running = CompletableFuture.supplyAsync(() -> session.execute(statement),
                worker);
        try {
            return StatusLine.await(running, out, STATUS_TICK_MILLIS, elapsed -> statusLine
                    && elapsed >= STATUS_DELAY_SECONDS ? session.trainingStatus().map(s -> s + " (Ctrl-C cancels)")
                    : Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.cancel();
            throw new LisiereException(ErrorCode.CANCELLED, "Statement cancelled");
        }
    }
}
