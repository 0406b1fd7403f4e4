package org.lisiere.cli;

import java.io.PrintWriter;
import org.lisiere.spi.LisiereException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lisiere} command. */
@Command(name = "lisiere", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SQL analytics and machine learning, from the core to the edge.",
        subcommands = {SqlCommand.class, LoadCommand.class, DemoCommand.class, ConfigCommand.class, ServeCommand.class,
                TokenCommand.class, EdgeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** Exit code when a statement or an operation failed. */
    static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code; for tests and the demo. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        ConfigFlags.addTo(commandLine.getCommandSpec());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof LisiereException lisiere) {
                err.println(ErrorReport.general(lisiere));
                return EXIT_FAILURE;
            }
            throw e;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command: sql, load, demo, config, serve or token");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Reports the version of the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lisiere " + (version == null ? "development build" : version)};
        }
    }
}
