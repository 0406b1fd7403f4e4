package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ColumnDefinition;

/**
 * A table that exists at every site of a project ({@code CREATE SITE TABLE}): its columns, what of it may leave the
 * site, how long the site keeps its rows, and the MQTT topic it is fed from.
 *
 * @param pseudonymise the columns replaced by a keyed hash when rows leave the site ({@link Residency#PSEUDONYMISED})
 * @param mqttTopic the topic filter the edge subscribes to (QoS 1), such as {@code stores/+/pos}
 */
public record SiteTableDefinition(String name, List<ColumnDefinition> columns, Residency residency, Duration retention,
        List<String> pseudonymise, Optional<String> mqttTopic) {
    /**
     * The column types a site table takes: a type name of one or more words, optional precision and scale, optional
     * list brackets ({@code VARCHAR}, {@code DECIMAL(10, 2)}, {@code TIMESTAMP WITH TIME ZONE}, {@code DOUBLE[]}).
     * CREATE SITE TABLE takes nothing else; the tables of scorings have the types the core's engine gave ML.PREDICT's
     * columns.
     */
    public static final java.util.regex.Pattern COLUMN_TYPE = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\\( ?\\d{1,2} ?(, ?\\d{1,2} ?)?\\))?(\\[\\])*");

    /** Rows are kept this long when the statement sets no retention. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public SiteTableDefinition {
        requireNonNull(name, "name is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(residency, "residency is null");
        requireNonNull(retention, "retention is null");
        pseudonymise = List.copyOf(requireNonNull(pseudonymise, "pseudonymise is null"));
        requireNonNull(mqttTopic, "mqttTopic is null");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a site table needs columns");
        }
    }

    /** The same table with {@code column} added at the end. */
    public SiteTableDefinition withColumn(ColumnDefinition column) {
        List<ColumnDefinition> more = new java.util.ArrayList<>(columns);
        more.add(column);
        return new SiteTableDefinition(name, more, residency, retention, pseudonymise, mqttTopic);
    }

    /** The column named {@code name}, compared case-insensitively as SQL does. */
    public Optional<ColumnDefinition> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
}
