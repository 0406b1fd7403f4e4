package org.lisiere.cli.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Structured logs ({@code log_format = json}): every log event as one JSON object per line on standard error. Not
 * registered as a service (slf4j-simple writes the text format); {@link #select()} names it to SLF4J before the first
 * logger is made.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
    private final ILoggerFactory factory = new JsonLoggerFactory(System.err);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Makes SLF4J use this provider; effective only before the process's first logger. */
    public static void select() {
        System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
        // SLF4J would announce the explicit choice on standard error, as a line that is not JSON.
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: loggers are made on demand
    }
}
