package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigSource;
import org.lisiere.core.config.Settings;
import org.lisiere.edge.EdgeAgent;
import org.lisiere.edge.EdgeOptions;
import org.lisiere.edge.EdgeServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lisiere edge}: runs an edge site until stopped. With {@code --enroll TOKEN} (from CREATE SITE at the core)
 * it enrolls first; afterwards it resumes from its data directory.
 */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = {"Runs an edge site until stopped (Ctrl-C or SIGTERM): ingest (POST /v1/ingest/TABLE), live"
                + " scoring (POST /v1/predict/MODEL) and the heartbeat to the core.",
                "First start: lisiere edge --core URL --enroll TOKEN --data DIR (the token comes from CREATE SITE at"
                        + " the core); later starts: lisiere edge --data DIR"})
final class EdgeCommand implements Callable<Integer> {
    /** The edge's port unless {@code port} is set. */
    static final int DEFAULT_PORT = 8090;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--enroll", paramLabel = "TOKEN",
            description = "One-time enrollment token of CREATE SITE: enrolls this data directory as that site.")
    Optional<String> enrollmentToken = Optional.empty();

    @CommandLine.Option(names = "--new-ingest-token", description = "Makes a new ingest token (replacing the old one)"
            + " and prints it once; devices need it when the edge listens beyond loopback.")
    boolean newIngestToken;

    @Override
    public Integer call() {
        Config config = ConfigFlags.load(spec);
        ServeCommand.selectLogFormat(config);
        EdgeOptions options = options(config);
        int port = config.entry(Settings.PORT).source().kind() == ConfigSource.Kind.DEFAULT ? DEFAULT_PORT
                : config.get(Settings.PORT);
        try (EdgeAgent agent = EdgeAgent.open(options, enrollmentToken); EdgeServer server = new EdgeServer(agent)) {
            agent.ingestToken(newIngestToken).ifPresent(token -> spec.commandLine().getOut().println("Ingest token"
                    + " (shown once; devices send it as 'Authorization: Bearer …' when the edge listens beyond"
                    + " loopback): " + token));
            agent.startHeartbeats();
            runUntilStopped(server, config.get(Settings.HOST), port, agent, spec.commandLine().getOut());
        }
        return 0;
    }

    private static void runUntilStopped(EdgeServer server, String host, int port, EdgeAgent agent, PrintWriter out) {
        Thread serving = Thread.currentThread();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            serving.interrupt();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lisiere-edge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int bound = server.start(host, port);
            out.println("Lisière edge site " + agent.site() + " of project " + agent.project() + " listening on "
                    + (server.secure() ? "https" : "http") + "://" + host + ":" + bound);
            out.flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // stopping
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down
            }
        }
    }

    static EdgeOptions options(Config config) {
        return new EdgeOptions(config.get(Settings.DATA), config.get(Settings.CORE), config.get(Settings.TLS_CA),
                ServeCommand.tlsFiles(config), config.get(Settings.HEARTBEAT), config.get(Settings.UPLINK_TIMEOUT),
                config.get(Settings.MAX_BATCH), config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS),
                config.get(Settings.MAX_BACKLOG), config.get(Settings.BACKLOG_POLICY).equals("drop_oldest"),
                config.get(Settings.MQTT));
    }
}
