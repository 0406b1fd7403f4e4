package org.lisiere.spi;

/**
 * Engine-independent classification of SQL types, used to render, align and convert values.
 */
public enum TypeFamily {
    BOOLEAN,
    INTEGER,
    DECIMAL,
    FLOATING,
    STRING,
    DATE,
    TIME,
    TIMESTAMP,
    INTERVAL,
    BINARY,
    NESTED,
    OTHER;

    /** Whether values of this family are numbers (right-aligned in tables, unquoted in JSON). */
    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL || this == FLOATING;
    }
}
