package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.Settings;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.ServerOptions;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
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
        LisiereServer server = LisiereServer.open(config.get(Settings.DATA), options(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lisiere-serve-shutdown"));
        int port = server.start(config.get(Settings.HOST), config.get(Settings.PORT));
        out.println("Lisière core listening on " + (server.secure() ? "https" : "http") + "://"
                + config.get(Settings.HOST) + ":" + port + " (data "
                + config.get(Settings.DATA).toAbsolutePath() + ")");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The server's options from the settings; INVALID_CONFIG when only one of tls_cert and tls_key is set. */
    static ServerOptions options(Config config) {
        ServerOptions options = new ServerOptions(config.get(Settings.ENGINE), new EngineConfig(Optional.empty(),
                config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS), Map.of()),
                config.get(Settings.MAX_UPLOAD), config.get(Settings.STATEMENT_TIMEOUT),
                config.get(Settings.IDLE_TIMEOUT), Optional.empty(), config.get(Settings.METRICS_TOKEN));
        Optional<java.nio.file.Path> cert = config.get(Settings.TLS_CERT);
        Optional<java.nio.file.Path> key = config.get(Settings.TLS_KEY);
        if (cert.isPresent() != key.isPresent()) {
            throw new LisiereException(ErrorCode.INVALID_CONFIG, "HTTPS needs both tls_cert and tls_key; only "
                    + (cert.isPresent() ? "tls_cert" : "tls_key") + " is set");
        }
        return cert.map(c -> options.withTls(new ServerOptions.TlsFiles(c, key.get()))).orElse(options);
    }
}
