package org.lisiere.core.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.lisiere.core.sql.SqlLexer;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The query of a sync, as written ({@code SELECT … FROM pos WHERE ts > LAST GROUP BY ALL}) and as it runs: every site
 * table it reads is replaced, through a common table expression of the same name, by the rows that arrived since
 * the previous run, and {@code column > LAST} (which says so in the query) becomes {@code TRUE}.
 */
public final class SyncQuery {
    /** Aggregates that return the values they aggregate, so that raw rows could leave through them. */
    private static final Set<String> COLLECTING = Set.of("list", "array_agg", "string_agg", "group_concat", "listagg",
            "histogram", "arg_max", "arg_min", "argmax", "argmin", "max_by", "min_by", "first", "last", "any_value",
            "arbitrary", "mode", "json_group_array", "json_group_object", "json_group_structure", "bitstring_agg",
            "map_agg", "list_distinct", "array_distinct", "unnest");
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "mean", "min", "max", "stddev",
            "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median", "quantile", "quantile_cont",
            "quantile_disc", "approx_count_distinct", "approx_quantile", "count_star", "sumkahan", "fsum", "product",
            "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "entropy", "kurtosis", "skewness",
            "bool_and", "bool_or", "bit_and", "bit_or", "bit_xor", "mad", "favg", "geomean", "geometric_mean");

    private SyncQuery() {}

    /** The site tables among {@code siteTables} that {@code query} names, in the order first named. */
    public static List<String> tablesRead(String query, Collection<String> siteTables) {
        List<Token> tokens = SqlLexer.tokenize(query);
        List<String> read = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean name = token.type() == TokenType.WORD || token.type() == TokenType.QUOTED_IDENTIFIER;
            boolean qualified = i > 0 && tokens.get(i - 1).isSymbol(".");
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
            if (name && !qualified && !call) {
                String text = token.unquoted().toLowerCase(Locale.ROOT);
                if (siteTables.contains(text) && !read.contains(text)) {
                    read.add(text);
                }
            }
        }
        return read;
    }

    /**
     * {@code query} with {@code column > LAST} replaced by {@code TRUE}; SYNTAX_ERROR when LAST follows something
     * else than a column.
     */
    public static String withoutLast(String query) {
        List<Token> tokens = SqlLexer.tokenize(query);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(">") && tokens.get(i + 1).isWord("LAST")
                    && !(i + 2 < tokens.size() && tokens.get(i + 2).isSymbol("("))) {
                int start = i - 1;
                if (start < 0 || !isName(tokens.get(start))) {
                    throw new LisiereException(ErrorCode.SYNTAX_ERROR, "LAST must follow a column and '>', as in"
                            + " WHERE ts > LAST");
                }
                while (start >= 2 && tokens.get(start - 1).isSymbol(".") && isName(tokens.get(start - 2))) {
                    start -= 2;
                }
                out.append(query, copied, tokens.get(start).offset()).append("TRUE");
                copied = tokens.get(i + 1).end();
            }
        }
        return out.append(query.substring(copied)).toString();
    }

    /** {@code query} reading each table of {@code replacements} (name → subquery) as that subquery. */
    public static String reading(String query, Map<String, String> replacements) {
        if (replacements.isEmpty()) {
            return query;
        }
        StringJoiner ctes = new StringJoiner(", ");
        replacements.forEach((name, subquery) -> ctes.add("\"" + name.replace("\"", "\"\"") + "\" AS (" + subquery
                + ")"));
        List<Token> tokens = SqlLexer.tokenize(query);
        if (!tokens.isEmpty() && tokens.get(0).isWord("WITH")) {
            int after = tokens.size() > 1 && tokens.get(1).isWord("RECURSIVE") ? 1 : 0;
            Token last = tokens.get(after);
            return query.substring(0, last.end()) + " " + ctes + "," + query.substring(last.end());
        }
        return "WITH " + ctes + " " + query;
    }

    /**
     * Refuses a query that could send raw rows of a {@code residency = 'site'} table: the query must aggregate at
     * its top level (GROUP BY or an aggregate function) and use no aggregate that returns the values it aggregates
     * ({@code list}, {@code string_agg}, {@code arg_max}, …).
     *
     * @param siteResident the tables of residency 'site' that the query reads
     */
    public static void checkResidency(String query, List<String> siteResident) {
        if (siteResident.isEmpty()) {
            return;
        }
        List<Token> tokens = SqlLexer.tokenize(query);
        boolean aggregated = false;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean call = token.type() == TokenType.WORD && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
            String word = token.text().toLowerCase(Locale.ROOT);
            if (call && COLLECTING.contains(word)) {
                throw refusal(siteResident, "it uses " + word + "(), which returns the values it aggregates");
            }
            if (depth == 0 && (call && AGGREGATES.contains(word) || token.isWord("GROUP"))) {
                aggregated = true;
            }
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
        }
        if (!aggregated) {
            throw refusal(siteResident, "it does not aggregate (GROUP BY or count, sum, avg, … at its top level)");
        }
    }

    private static LisiereException refusal(List<String> tables, String reason) {
        return new LisiereException(ErrorCode.INVALID_ARGUMENT, "This sync would send raw rows of "
                + String.join(", ", tables) + " (residency 'site': only aggregates leave the site): " + reason);
    }

    private static boolean isName(Token token) {
        return token.type() == TokenType.WORD || token.type() == TokenType.QUOTED_IDENTIFIER;
    }
}
