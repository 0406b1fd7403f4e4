package org.lisiere.cli.logging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One JSON object per event: {@code time}, {@code level}, {@code logger}, {@code thread}, {@code message}, the
 * event's key-value pairs as fields, and {@code error} with the stack trace of an exception.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Level threshold;
    private final PrintStream out;

    JsonLogger(String name, Level threshold, PrintStream out) {
        this.name = name;
        this.threshold = threshold;
        this.out = out;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable error) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), error);
    }

    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            Object[] arguments = event.getArgumentArray();
            write(event.getLevel(), arguments == null ? event.getMessage()
                    : MessageFormatter.basicArrayFormat(event.getMessage(), arguments),
                    event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs(), event.getThrowable());
        }
    }

    private void write(Level level, String message, List<KeyValuePair> fields, Throwable error) {
        ObjectNode line = JSON.createObjectNode().put("time", Instant.now().toString()).put("level", level.name())
                .put("logger", name).put("thread", Thread.currentThread().getName()).put("message", message);
        for (KeyValuePair field : fields) {
            line.set(field.key, JSON.valueToTree(field.value));
        }
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        String text = line.toString();
        synchronized (out) {
            out.println(text);
        }
    }
}
