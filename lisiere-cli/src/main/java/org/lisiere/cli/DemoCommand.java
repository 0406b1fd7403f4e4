package org.lisiere.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lisiere.cli.demo.DemoData;
import org.lisiere.cli.demo.DemoFlows;
import org.lisiere.cli.demo.Walkthrough;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigSource;
import org.lisiere.core.config.ConfigValue;
import org.lisiere.core.config.Settings;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.Role;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lisiere demo}: a fresh demo data directory, a deterministic synthetic data set loaded with LOAD DATA, and a
 * guided walkthrough of analytic queries and models; then the fleet part ({@link FleetDemo}): a core and two edge
 * sites. Runs to completion without input.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates a retail and 5G telemetry data set, loads it and walks through analytic queries and"
                + " models; then trains at a core, deploys to two edge sites and scores a live stream there.")
final class DemoCommand implements Callable<Integer> {
    /** The demo's own data directory when none is configured; never the user's ./lisiere-data. */
    static final Path DEFAULT_DIRECTORY = Path.of("lisiere-demo");
    private static final String MARKER = ".lisiere-demo";
    /** The project that {@code --serve} serves the demo as. */
    static final String PROJECT = "demo";
    private static final long SEED = 20260302L;
    /** Network flows of the store gateways: enough for every attack kind to be learned, quick to train on. */
    private static final int FLOWS = 30_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
    long seed = SEED;

    @Option(names = "--serve", description = "Then leave a core server running (host and port settings) with the"
            + " demo as project 'demo', printing its URL and an admin token of the project.")
    boolean serve;

    @Option(names = "--keep-running", description = "Leave the fleet (a core and two edge sites) running after the"
            + " demo, printing their URLs and an admin token, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--no-edge", description = "Only the walkthrough on the embedded engine: no core or edge site is"
            + " started.")
    boolean noEdge;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Config configured = ConfigFlags.load(spec);
        if (serve) {
            ServeCommand.selectLogFormat(configured);
        }
        Path directory = configured.entry(Settings.DATA).source().equals(ConfigSource.DEFAULT)
                ? DEFAULT_DIRECTORY : configured.get(Settings.DATA);
        prepareFreshDirectory(directory);
        // Served, the demo is project 'demo' of the server's data directory: its uploads hold the generated files.
        Path project = directory.resolve("projects").resolve(PROJECT);
        Path lisiereData = serve ? Files.createDirectories(project.resolve("data")) : directory;
        Config config = withDataDirectory(configured, lisiereData);
        out.println("Lisière demo: data directory " + directory.toAbsolutePath());
        Path files = Files.createDirectories(serve ? project.resolve("uploads") : directory.resolve("files"));
        DemoData data = new DemoData(new SplittableRandom(seed));
        long events = data.writePosEvents(files.resolve("pos_events.csv"));
        long metrics = data.writeCellMetrics(files.resolve("cell_metrics.csv"));
        long flows = new DemoFlows(new SplittableRandom(seed + 1)).write(files.resolve("flows.csv"), FLOWS);
        out.printf("Generated %,d point-of-sale events, %,d cell measurements and %,d network flows (seed %d).%n%n",
                events, metrics, flows, seed);
        try (Lisiere lisiere = Lisiere.open(config); LisiereSession session = lisiere.openSession()) {
            for (String table : new String[] {"pos_events", "cell_metrics", "flows"}) {
                String sql = "LOAD DATA INTO " + table + " FROM '" + files.resolve(table + ".csv") + "'";
                out.println(sql + ";");
                try (StatementResult result = session.execute(ScriptStatement.single(sql))) {
                    out.println("  " + result.summary());
                }
            }
            int number = 0;
            for (Walkthrough.Step step : Walkthrough.steps()) {
                number++;
                out.printf("%n== %d/%d %s ==%n%s%n%n%s;%n", number, Walkthrough.steps().size(), step.title(),
                        step.explanation(), step.sql());
                try (StatementResult result = session.execute(ScriptStatement.single(step.sql()))) {
                    if (result.result().hasRows()) {
                        OutputFormat.TABLE.renderer(0).render(result.result(), out);
                    } else {
                        out.println(result.summary());
                    }
                }
            }
        }
        if (serve) {
            serve(withDataDirectory(configured, directory), out);
            return 0;
        }
        if (!noEdge) {
            FleetDemo fleet = FleetDemo.run(directory.resolve("fleet"), files.resolve("flows.csv"),
                    seed + 2, out);
            if (keepRunning) {
                fleet.printEndpoints();
                ServeCommand.untilStopped(fleet::close);
                return 0;
            }
            fleet.close();
        }
        out.printf("%nExplore further: bin/lisiere sql --data %s%n", directory);
        out.flush();
        return 0;
    }

    /** Serves the demo directory until stopped, with a new admin token of project 'demo'. */
    private static void serve(Config config, PrintWriter out) {
        LisiereServer server = LisiereServer.open(config.get(Settings.DATA), ServeCommand.options(config));
        String token = server.tokens().create(Optional.of(PROJECT), Role.ADMIN).token();
        out.println();
        ServeCommand.serveUntilStopped(server, config, out, url -> List.of(
                "Project '" + PROJECT + "', admin token (shown once): " + token,
                "Try: LISIERE_TOKEN=" + token + " bin/lisiere sql --server " + url + " --project " + PROJECT
                        + " -c \"SELECT * FROM ML.GLOBAL_EXPLAIN(MODEL intrusions)\"",
                "Stop with Ctrl-C."));
    }

    private static Config withDataDirectory(Config config, Path directory) {
        return new Config(config.values().stream()
                .map(v -> v.setting().equals(Settings.DATA)
                        ? new ConfigValue<>(Settings.DATA, directory, v.source()) : v)
                .toList());
    }

    /** Deletes a previous demo directory; refuses to touch a directory the demo did not create. */
    private static void prepareFreshDirectory(Path directory) throws IOException {
        if (Files.exists(directory)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(directory)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(directory.resolve(MARKER))) {
                throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Directory '" + directory
                        + "' exists and was not created by the demo; choose another with --data");
            }
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(MARKER), "Created by 'lisiere demo'; deleted by its next run.\n");
    }
}
