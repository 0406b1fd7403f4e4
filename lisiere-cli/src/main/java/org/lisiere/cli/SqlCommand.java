package org.lisiere.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.Settings;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lisiere sql}: the interactive shell, or scripts from {@code -c}, {@code -f} and standard input. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs SQL over the data directory.",
                "Without -c or -f: an interactive shell on a terminal, else the script on standard input.",
                "Exit code 0 when every statement succeeded; on the first failure the error goes to stderr as",
                "'Error [CODE] statement N, line L:C (SOURCE): message', exit code 1, and nothing after it runs."})
final class SqlCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--command"}, paramLabel = "SQL", description = "SQL to run; repeatable, in order.")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "SQL script to run; repeatable.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--server", paramLabel = "URL", description = "Run the scripts on a Lisière server"
            + " (lisiere serve) instead of the local data directory; needs --project and a token.")
    java.net.URI server;

    @Option(names = "--project", paramLabel = "NAME", description = "The server's project to run in.")
    String project;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token for --server; default: environment"
            + " variable LISIERE_TOKEN (preferred: a flag shows in the process list).")
    String token;

    @Override
    public Integer call() throws IOException {
        Config config = ConfigFlags.load(spec);
        OutputFormat format = OutputFormat.parse(config.get(Settings.FORMAT)).orElseThrow();
        List<Script> scripts = scripts();
        boolean interactive = scripts.isEmpty() && System.console() != null;
        if (server != null) {
            return remote(scripts, interactive, format, config);
        }
        if (scripts.isEmpty() && !interactive) {
            scripts = List.of(new Script("stdin", readStandardInput()));
        }
        try (Lisiere lisiere = Lisiere.open(config); LisiereSession session = lisiere.openSession()) {
            if (interactive) {
                return new Shell(ShellTarget.local(session, config.get(Settings.DATA).toString()), config, format)
                        .run();
            }
            return new ScriptRunner(session::execute, format, spec.commandLine().getOut(), spec.commandLine().getErr())
                    .run(scripts);
        }
    }

    /** Runs the scripts (standard input when none), or the interactive shell, on the server's project. */
    private int remote(List<Script> scripts, boolean interactive, OutputFormat format, Config config)
            throws IOException {
        String secret = token != null ? token : System.getenv("LISIERE_TOKEN");
        if (project == null || secret == null || secret.isBlank()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "--server needs --project and a token (--token or"
                    + " the environment variable LISIERE_TOKEN)");
        }
        LisiereClient client = LisiereClient.connect(server, secret, config.get(Settings.TLS_CA));
        if (interactive) {
            return new Shell(new RemoteShellTarget(client, project, server.toString()), config, format).run();
        }
        return new ScriptRunner(new RemoteStatements(client, project), format, spec.commandLine().getOut(),
                spec.commandLine().getErr()).run(scripts.isEmpty() ? List.of(new Script("stdin",
                readStandardInput())) : scripts);
    }

    /** The -c and -f scripts in the order they were given on the command line. */
    private List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        int command = 0;
        int file = 0;
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            if (isFlag(arg, "-c", "--command") && command < commands.size()) {
                command++;
                scripts.add(new Script("-c #" + command, commands.get(command - 1)));
            } else if (isFlag(arg, "-f", "--file") && file < files.size()) {
                scripts.add(new Script(files.get(file).toString(), read(files.get(file))));
                file++;
            }
        }
        return scripts;
    }

    private static boolean isFlag(String arg, String shortName, String longName) {
        return arg.equals(shortName) || arg.equals(longName) || arg.startsWith(longName + "=")
                || (arg.startsWith(shortName) && !arg.startsWith("--"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.FILE_NOT_FOUND, "Cannot read script '" + file + "': "
                    + e.getMessage());
        }
    }

    private static String readStandardInput() throws IOException {
        InputStream in = System.in;
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
