package org.lisiere.client;

import java.util.Locale;
import org.lisiere.spi.TypeFamily;

/** The server's column types, named as the engine spells them (DuckDB's), classified for display. */
public final class TypeNames {
    private TypeNames() {}

    /** The family of a type by its SQL name, for alignment and formatting in the shell. */
    public static TypeFamily family(String type) {
        String name = type.toUpperCase(Locale.ROOT);
        if (name.endsWith("[]") || name.startsWith("STRUCT") || name.startsWith("MAP") || name.startsWith("UNION")) {
            return TypeFamily.NESTED;
        }
        return switch (name.replaceAll("\\(.*", "")) {
            case "BOOLEAN" -> TypeFamily.BOOLEAN;
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                    "UBIGINT", "UHUGEINT" -> TypeFamily.INTEGER;
            case "DECIMAL" -> TypeFamily.DECIMAL;
            case "FLOAT", "DOUBLE" -> TypeFamily.FLOATING;
            case "VARCHAR" -> TypeFamily.STRING;
            case "DATE" -> TypeFamily.DATE;
            case "TIME" -> TypeFamily.TIME;
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> TypeFamily.TIMESTAMP;
            case "INTERVAL" -> TypeFamily.INTERVAL;
            case "BLOB" -> TypeFamily.BINARY;
            default -> TypeFamily.OTHER;
        };
    }
}
