package org.lisiere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.Progress;
import org.lisiere.spi.TableName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lisiere load TABLE PATH}: {@code LOAD DATA} from the shell, with a progress bar on the terminal for loads
 * longer than a second.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Loads a CSV, Parquet, JSON or NDJSON file into a table, atomically (as LOAD DATA).")
final class LoadCommand implements Callable<Integer> {
    private static final long PROGRESS_DELAY_MILLIS = 1000;
    private static final long PROGRESS_TICK_MILLIS = 200;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Table to create, append to or overwrite.")
    String table;

    @Parameters(index = "1", paramLabel = "PATH", description = "File to load.")
    Path path;

    @Option(names = "--overwrite", description = "Replace the table's rows instead of appending.")
    boolean overwrite;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "csv, parquet, json or ndjson; "
            + "default: from the file extension.")
    String inputFormat;

    @Option(names = "--header", arity = "1", paramLabel = "BOOL",
            description = "Whether the CSV file has a header line.")
    Boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field delimiter.")
    String delimiter;

    @Option(names = "--quote", paramLabel = "CHAR", description = "CSV quote character.")
    String quote;

    @Option(names = "--null-marker", paramLabel = "TEXT", description = "CSV text that stands for NULL.")
    String nullMarker;

    @Option(names = "--schema", paramLabel = "COLUMNS", description = "Column types, as 'a BIGINT, b VARCHAR'.")
    String schema;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScriptStatement statement = ScriptStatement.single(statementText());
        try (Lisiere lisiere = Lisiere.open(ConfigFlags.load(spec)); LisiereSession session = lisiere.openSession()) {
            Thread cancelOnExit = new Thread(session::cancel, "lisiere-load-cancel");
            Runtime.getRuntime().addShutdownHook(cancelOnExit);
            try {
                StatementResult result = runWithProgress(session, statement, err);
                out.println(result.summary());
                return 0;
            } catch (LisiereException e) {
                err.println(ErrorReport.general(e));
                return Main.EXIT_FAILURE;
            } finally {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            }
        }
    }

    private StatementResult runWithProgress(LisiereSession session, ScriptStatement statement, PrintWriter err)
            throws InterruptedException {
        CompletableFuture<StatementResult> load = CompletableFuture.supplyAsync(() -> session.execute(statement));
        long fileBytes = fileSize();
        double bytesPerRow = bytesPerRow();
        boolean showProgress = System.console() != null;
        return StatusLine.await(load, err, PROGRESS_TICK_MILLIS, elapsed -> {
            Optional<Progress> progress = session.progress();
            if (!showProgress || elapsed * 1000 < PROGRESS_DELAY_MILLIS || progress.isEmpty()) {
                return Optional.empty();
            }
            double fraction = progress.get().fraction();
            long rows = bytesPerRow > 0 ? (long) (fraction * fileBytes / bytesPerRow) : progress.get().rowsProcessed();
            return Optional.of(ProgressBar.line(fraction, fileBytes, rows, elapsed));
        });
    }

    private long fileSize() {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            return 0; // LOAD DATA reports the missing file with its own message
        }
    }

    /**
     * The average line length at the start of a text file, to turn bytes read into rows (the engine's own row
     * counts of text files are estimates); 0 for Parquet, whose engine row counts are exact.
     */
    private double bytesPerRow() {
        Optional<LoadFormat> format = inputFormat != null ? LoadFormat.fromOptionName(inputFormat)
                : LoadFormat.fromFileName(path.toString());
        if (format.filter(f -> f == LoadFormat.PARQUET).isPresent()) {
            return 0;
        }
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(1 << 20);
            long lines = 0;
            for (byte b : head) {
                lines += b == '\n' ? 1 : 0;
            }
            return lines == 0 ? 0 : head.length / (double) lines;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** The equivalent LOAD DATA statement, so that the shell and SQL share one implementation. */
    String statementText() {
        List<String> options = new ArrayList<>();
        option(options, "format", inputFormat);
        if (header != null) {
            options.add("header = " + header);
        }
        option(options, "delimiter", delimiter);
        option(options, "quote", quote);
        option(options, "null_marker", nullMarker);
        option(options, "schema", schema);
        String[] parts = table.split("\\.", 2);
        String target = parts.length == 2 ? TableName.quote(parts[0]) + "." + TableName.quote(parts[1])
                : TableName.quote(table);
        return "LOAD DATA " + (overwrite ? "OVERWRITE " : "") + "INTO " + target + " FROM " + literal(path.toString())
                + (options.isEmpty() ? "" : " OPTIONS (" + String.join(", ", options) + ")");
    }

    private static void option(List<String> options, String name, String value) {
        if (value != null) {
            options.add(name + " = " + literal(value));
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
