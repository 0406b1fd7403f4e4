package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.lisiere.cli.logging.JsonLogProvider;
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
    public Integer call() {
        Config config = ConfigFlags.load(spec);
        selectLogFormat(config);
        LisiereServer server = LisiereServer.open(config.get(Settings.DATA), options(config));
        serveUntilStopped(server, config, spec.commandLine().getOut(), url -> List.of());
        return 0;
    }

    /**
     * Starts {@code server} on the configured host and port, prints its URL and then {@code notes} of that URL, and
     * serves until the process is stopped (Ctrl-C, SIGTERM) or this thread is interrupted; closes the server.
     */
    static void serveUntilStopped(LisiereServer server, Config config, PrintWriter out,
            Function<String, List<String>> notes) {
        try {
            int port = server.start(config.get(Settings.HOST), config.get(Settings.PORT));
            String url = (server.secure() ? "https" : "http") + "://" + config.get(Settings.HOST) + ":" + port;
            out.println("Lisière core listening on " + url + " (data " + config.get(Settings.DATA).toAbsolutePath()
                    + ")");
            notes.apply(url).forEach(out::println);
            out.flush();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        untilStopped(server::close);
    }

    /**
     * Waits until the process is stopped (Ctrl-C, SIGTERM) or this thread is interrupted, then runs {@code stop}; the
     * process ends only after {@code stop} is done.
     */
    static void untilStopped(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread waiting = Thread.currentThread();
        Thread hook = new Thread(() -> {
            waiting.interrupt();
            awaitQuietly(stopped);
        }, "lisiere-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // stopping: the process ends or the caller interrupted
        } finally {
            stop.run();
            stopped.countDown();
            removeQuietly(hook);
        }
    }

    /** Structured logs when {@code log_format = json}; must run before the process's first logger is made. */
    static void selectLogFormat(Config config) {
        if (config.get(Settings.LOG_FORMAT).equals("json")) {
            JsonLogProvider.select();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }

    /** The server's options from the settings; INVALID_CONFIG when only one of tls_cert and tls_key is set. */
    static ServerOptions options(Config config) {
        ServerOptions options = new ServerOptions(config.get(Settings.ENGINE), new EngineConfig(Optional.empty(),
                config.get(Settings.MEMORY_LIMIT), config.get(Settings.THREADS), Map.of()),
                config.get(Settings.MAX_UPLOAD), config.get(Settings.STATEMENT_TIMEOUT),
                config.get(Settings.IDLE_TIMEOUT), Optional.empty(), config.get(Settings.METRICS_TOKEN));
        return tlsFiles(config).map(options::withTls).orElse(options);
    }

    /** The certificate and key to speak HTTPS with; INVALID_CONFIG when only one of tls_cert and tls_key is set. */
    static Optional<ServerOptions.TlsFiles> tlsFiles(Config config) {
        Optional<java.nio.file.Path> cert = config.get(Settings.TLS_CERT);
        Optional<java.nio.file.Path> key = config.get(Settings.TLS_KEY);
        if (cert.isPresent() != key.isPresent()) {
            throw new LisiereException(ErrorCode.INVALID_CONFIG, "HTTPS needs both tls_cert and tls_key; only "
                    + (cert.isPresent() ? "tls_cert" : "tls_key") + " is set");
        }
        return cert.map(c -> new ServerOptions.TlsFiles(c, key.get()));
    }
}
