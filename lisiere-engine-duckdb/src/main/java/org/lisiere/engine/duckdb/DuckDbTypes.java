package org.lisiere.engine.duckdb;

import java.util.Locale;
import org.lisiere.spi.DataType;
import org.lisiere.spi.TypeFamily;

/** Classifies DuckDB's type names into {@link TypeFamily}s. */
final class DuckDbTypes {
    private DuckDbTypes() {}

    static DataType dataType(String duckDbName) {
        return new DataType(duckDbName, family(duckDbName));
    }

    static TypeFamily family(String duckDbName) {
        String name = duckDbName.toUpperCase(Locale.ROOT);
        if (name.endsWith("]") || name.startsWith("STRUCT") || name.startsWith("MAP") || name.startsWith("UNION")) {
            return TypeFamily.NESTED;
        }
        if (name.startsWith("DECIMAL") || name.startsWith("NUMERIC")) {
            return TypeFamily.DECIMAL;
        }
        if (name.startsWith("TIMESTAMP")) {
            return TypeFamily.TIMESTAMP;
        }
        if (name.startsWith("TIME")) {
            return TypeFamily.TIME;
        }
        return switch (name) {
            case "BOOLEAN" -> TypeFamily.BOOLEAN;
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                    "UBIGINT", "UHUGEINT" -> TypeFamily.INTEGER;
            case "FLOAT", "DOUBLE" -> TypeFamily.FLOATING;
            case "VARCHAR", "UUID", "JSON" -> TypeFamily.STRING;
            case "DATE" -> TypeFamily.DATE;
            case "INTERVAL" -> TypeFamily.INTERVAL;
            case "BLOB", "BIT" -> TypeFamily.BINARY;
            default -> name.startsWith("ENUM") ? TypeFamily.STRING : TypeFamily.OTHER;
        };
    }
}
