package org.lisiere.cli.logging;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** The loggers of {@link JsonLogProvider}: Lisière's own at INFO and above, everyone else's (Jetty's) at WARN. */
final class JsonLoggerFactory implements ILoggerFactory {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final PrintStream out;

    JsonLoggerFactory(PrintStream out) {
        this.out = out;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, n.startsWith("org.lisiere")
                ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN, out));
    }
}
