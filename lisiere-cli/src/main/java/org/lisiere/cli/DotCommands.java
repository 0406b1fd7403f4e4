package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.spi.TableInfo;
import org.lisiere.spi.TableName;

/** The shell's dot-commands, named as in DuckDB's shell. */
final class DotCommands {
    static final String HELP = String.join("\n",
            ".help              Show this help",
            ".tables            List the tables",
            ".schema [TABLE]    Show CREATE TABLE statements of all tables or one",
            ".timer on|off      Print how long each statement took",
            ".mode [FORMAT]     Show or set the output format: table, csv, json, ndjson, markdown",
            ".quit, .exit       Leave the shell (or press Ctrl-D)",
            "",
            "SQL statements end with ';' and may span lines. Ctrl-C cancels the running statement.");

    private final ShellTarget session;
    private final ShellState state;
    private final PrintWriter out;

    DotCommands(ShellTarget session, ShellState state, PrintWriter out) {
        this.session = requireNonNull(session, "session is null");
        this.state = requireNonNull(state, "state is null");
        this.out = requireNonNull(out, "out is null");
    }

    void run(String line) {
        List<String> words = Arrays.asList(line.strip().split("\\s+"));
        String command = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        switch (command) {
            case ".help" -> out.println(HELP);
            case ".tables" -> tables();
            case ".schema" -> schema(args);
            case ".timer" -> timer(args);
            case ".mode" -> mode(args);
            case ".quit", ".exit" -> state.requestExit();
            default -> out.println("Unknown command " + command + "; type .help for the list.");
        }
    }

    private void tables() {
        List<TableInfo> tables = session.listTables();
        if (tables.isEmpty()) {
            out.println("No tables yet. Load a file with LOAD DATA INTO t FROM 'file.csv';");
            return;
        }
        out.println(tables.stream().map(DotCommands::displayName).collect(Collectors.joining("  ")));
    }

    private void schema(List<String> args) {
        List<TableInfo> tables = session.listTables().stream()
                .filter(t -> args.isEmpty() || args.get(0).equalsIgnoreCase(t.tableName())
                        || args.get(0).equalsIgnoreCase(t.schemaName() + "." + t.tableName()))
                .toList();
        if (tables.isEmpty()) {
            out.println(args.isEmpty() ? "No tables yet." : "No table named " + args.get(0) + ".");
        }
        for (TableInfo table : tables) {
            String columns = table.columns().columns().stream()
                    .map(c -> TableName.quote(c.name()) + " " + c.type().sqlName())
                    .collect(Collectors.joining(", "));
            out.println("CREATE TABLE " + displayName(table) + " (" + columns + ");");
        }
    }

    private void timer(List<String> args) {
        if (args.size() != 1 || !List.of("on", "off").contains(args.get(0).toLowerCase(Locale.ROOT))) {
            out.println("Usage: .timer on|off (now " + (state.timer() ? "on" : "off") + ")");
            return;
        }
        state.timer(args.get(0).equalsIgnoreCase("on"));
    }

    private void mode(List<String> args) {
        if (args.isEmpty()) {
            out.println("Output format: " + state.format().lowerName());
            return;
        }
        OutputFormat.parse(args.get(0)).ifPresentOrElse(state::format, () -> out.println(
                "Unknown format '" + args.get(0) + "'; use one of table, csv, json, ndjson, markdown"));
    }

    private static String displayName(TableInfo table) {
        return table.schemaName().equals("main") ? table.tableName() : table.schemaName() + "." + table.tableName();
    }
}
