package org.lisiere.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.lisiere.core.SystemTables;
import org.lisiere.spi.Column;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

/**
 * Replaces each {@code lisiere.<table>} of a statement with a subquery of its rows as literals, so that the engine
 * filters, joins and aggregates a system table like any other.
 */
public final class SystemTableSql {
    private SystemTableSql() {}

    /** Whether the text may name a system table (a cheap check before rewriting). */
    public static boolean mentions(String sql) {
        return sql.toLowerCase(Locale.ROOT).contains("lisiere.");
    }

    /**
     * The statement with every system table replaced by its rows.
     *
     * @throws LisiereException UNKNOWN_OBJECT naming the system tables when {@code lisiere.x} is not one
     */
    public static String rewrite(String sql, SystemTables tables) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).isWord("lisiere") && tokens.get(i + 1).isSymbol(".")
                    && tokens.get(i + 2).type() == TokenType.WORD && (i == 0 || !tokens.get(i - 1).isSymbol("."))) {
                String name = tokens.get(i + 2).unquoted().toLowerCase(Locale.ROOT);
                Token at = tokens.get(i);
                SystemTables.Table table = tables.table(name).orElseThrow(() -> new LisiereException(
                        ErrorCode.UNKNOWN_OBJECT, "No system table lisiere." + name + "; the system tables are: "
                                + (tables.names().isEmpty() ? "none here" : "lisiere." + String.join(", lisiere.",
                                tables.names())), at.position()));
                return sql.substring(0, tokens.get(i).offset()) + subquery(table) + " AS " + name
                        + rewrite(sql.substring(tokens.get(i + 2).end()), tables);
            }
        }
        return sql;
    }

    private static String subquery(SystemTables.Table table) {
        Schema schema = table.schema();
        StringJoiner select = new StringJoiner(", ");
        List<String> aliases = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            Column column = schema.column(c);
            String value = table.rows().isEmpty() ? "NULL" : "c" + c;
            select.add("CAST(" + value + " AS " + column.type().sqlName() + ") AS \""
                    + column.name().replace("\"", "\"\"") + "\"");
            aliases.add("c" + c);
        }
        if (table.rows().isEmpty()) {
            return "(SELECT " + select + " WHERE false)";
        }
        StringJoiner values = new StringJoiner(", ");
        for (List<Object> row : table.rows()) {
            StringJoiner literals = new StringJoiner(", ", "(", ")");
            for (int c = 0; c < schema.size(); c++) {
                literals.add(literal(row.get(c), schema.column(c).type().family()));
            }
            values.add(literals.toString());
        }
        return "(SELECT " + select + " FROM (VALUES " + values + ") AS rows(" + String.join(", ", aliases) + "))";
    }

    private static String literal(Object value, TypeFamily family) {
        if (value == null) {
            return "NULL";
        }
        if (family == TypeFamily.INTEGER && value instanceof Number number) {
            return Long.toString(number.longValue());
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
