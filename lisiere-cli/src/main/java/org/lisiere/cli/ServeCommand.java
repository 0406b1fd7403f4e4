package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.Settings;
import org.lisiere.server.LisiereServer;
import org.lisiere.spi.EngineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lisiere serve}: the core's HTTP API over the data directory, until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the HTTP API (/v1) over the data directory until stopped (Ctrl-C or SIGTERM).",
                "Create the first admin token with: lisiere token create --role admin"})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Config config = ConfigFlags.load(spec);
        PrintWriter out = spec.commandLine().getOut();
        LisiereServer server = LisiereServer.open(config.get(Settings.DATA), config.get(Settings.ENGINE),
                new EngineConfig(Optional.empty(), config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS),
                        Map.of()), config.get(Settings.MAX_UPLOAD), config.get(Settings.STATEMENT_TIMEOUT));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lisiere-serve-shutdown"));
        int port = server.start(config.get(Settings.HOST), config.get(Settings.PORT));
        out.println("Lisière core listening on http://" + config.get(Settings.HOST) + ":" + port + " (data "
                + config.get(Settings.DATA).toAbsolutePath() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
